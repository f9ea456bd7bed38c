package dev.qsweep.env.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.env.atari.AtariGolden;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** cvtColor(RGB2GRAY) and resize(INTER_AREA) against opencv-python's output, byte for byte. */
class OpenCvImagesTest {

    record Case(String name, int channels, int height, int width, int outHeight, int outWidth) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String manifest = AtariGolden.textResource("resize/manifest.json");
        Matcher m = Pattern.compile("\"name\": \"(\\w+)\",\\s*\"source\": \"[^\"]*\",\\s*\"channels\": (\\d+),"
                + "\\s*\"height\": (\\d+),\\s*\"width\": (\\d+),\\s*\"out_height\": (\\d+),\\s*\"out_width\": (\\d+)")
                .matcher(manifest);
        List<Case> cases = new ArrayList<>();
        while (m.find()) {
            cases.add(new Case(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
        }
        return cases;
    }

    @Test
    void manifestHasRealAndSyntheticCases() {
        List<String> names = cases().stream().map(Case::name).toList();
        assertEquals(19, names.size(), names.toString());
        assertTrue(names.contains("pong_seed1_step400") && names.contains("noise_gray_odd"), names.toString());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void grayscaleAndResizeEqualOpenCv(Case c) {
        byte[] input = AtariGolden.gzResource("resize/" + c.name() + ".input.gz");
        byte[] gray;
        if (c.channels() == 3) {
            gray = new byte[c.height() * c.width()];
            OpenCvImages.rgbToGray(input, gray);
            assertArrayEquals(AtariGolden.gzResource("resize/" + c.name() + ".gray.gz"), gray, "cvtColor of " + c);
        } else {
            gray = input;
        }
        byte[] resized = new byte[c.outHeight() * c.outWidth()];
        new OpenCvImages.AreaResize(c.height(), c.width(), c.outHeight(), c.outWidth()).apply(gray, resized);
        assertArrayEquals(AtariGolden.gzResource("resize/" + c.name() + ".resized.gz"), resized, "INTER_AREA of " + c);
    }

    @Test
    void rejectsWhatItDoesNotReproduce() {
        assertThrows(IllegalArgumentException.class, () -> new OpenCvImages.AreaResize(168, 168, 84, 84));
        assertThrows(IllegalArgumentException.class, () -> new OpenCvImages.AreaResize(84, 84, 168, 100));
        assertThrows(IllegalArgumentException.class, () -> OpenCvImages.rgbToGray(new byte[10], new byte[3]));
    }
}

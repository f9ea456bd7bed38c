package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void bandsAreTheMeanOverSeedsWithAStudentTInterval() {
        List<Charts.Band> bands = Charts.bands(List.of(
                List.of(new Charts.Point(100, 1), new Charts.Point(200, 10)),
                List.of(new Charts.Point(100, 3), new Charts.Point(200, 10)),
                List.of(new Charts.Point(100, 5))));
        // step 100: values 1, 3, 5: mean 3, sample sd 2, half-width t(2) * 2 / sqrt(3) = 4.303 * 1.1547
        assertEquals(100, bands.get(0).step());
        assertEquals(3, bands.get(0).mean(), 1e-12);
        assertEquals(4.303 * 2 / Math.sqrt(3), bands.get(0).halfWidth(), 1e-12);
        assertEquals(3, bands.get(0).seeds());
        // step 200: only two seeds reached it, both 10: no spread
        assertEquals(new Charts.Band(200, 10, 0, 2), bands.get(1));
        assertEquals(new Charts.Band(7, 2.5, 0, 1), Charts.bands(List.of(List.of(new Charts.Point(7, 2.5)))).get(0));
        assertEquals(12.706, Charts.studentT975(1));
        assertEquals(1.96, Charts.studentT975(200));
    }

    @Test
    void chartsArePngsOfTheSetSize() throws IOException {
        byte[] curve = Charts.learningCurve("CartPole-v1 seed=1",
                List.of(new Charts.Point(20, 20), new Charts.Point(45, 25), new Charts.Point(90, 45)),
                List.of(new Charts.Point(50, 9.5), new Charts.Point(100, 120)));
        byte[] summary = Charts.sweepSummary("sweep", List.of(new Charts.ConfigurationCurves("lr=0.001",
                List.of(List.of(new Charts.Point(50, 10), new Charts.Point(100, 200)),
                        List.of(new Charts.Point(50, 20), new Charts.Point(100, 300))))));
        for (byte[] png : List.of(curve, summary)) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image);
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }
    }
}

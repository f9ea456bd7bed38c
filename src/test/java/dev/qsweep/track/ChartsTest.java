package dev.qsweep.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.report.stats.Estimator;
import dev.qsweep.report.stats.Interval;
import dev.qsweep.report.stats.ScoreSet;
import dev.qsweep.report.stats.StratifiedBootstrap;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void bandsAreTheMeanOverSeedsWithAPercentileBootstrapInterval() {
        List<Charts.Band> bands = Charts.bands(List.of(
                List.of(new Charts.Point(100, 1), new Charts.Point(200, 10)),
                List.of(new Charts.Point(100, 3), new Charts.Point(200, 10)),
                List.of(new Charts.Point(100, 5))));
        // step 100: values 1, 3, 5: mean 3; the band is the stats API's bootstrap of the mean over the three seeds
        Interval expected = new StratifiedBootstrap(Charts.BAND_RESAMPLES, 0.95, Charts.BAND_SEED)
                .interval(ScoreSet.of("seeds", 1, 3, 5), Estimator.MEAN);
        assertEquals(new Charts.Band(100, 3, expected.low(), expected.high(), 3), bands.get(0));
        // resampled means of {1, 3, 5} lie in [1, 5]; the old Student-t band was 3 ± 4.97, i.e. [-1.97, 7.97]
        assertTrue(expected.low() >= 1 && expected.low() < 3 && expected.high() > 3 && expected.high() <= 5,
                expected.toString());
        // step 200: only two seeds reached it, both 10: no spread
        assertEquals(new Charts.Band(200, 10, 10, 10, 2), bands.get(1));
        assertEquals(new Charts.Band(7, 2.5, 2.5, 2.5, 1), Charts.bands(List.of(List.of(new Charts.Point(7, 2.5)))).get(0));
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

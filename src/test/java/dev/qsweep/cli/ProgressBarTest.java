package dev.qsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsweep.train.Progress;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersStepsEpisodesReturnRateAndEta() {
        String line = ProgressBar.render(new Progress(25_000, 50_000, 312, 187.25, 5_000, 5.0));
        assertEquals("[############............]  50% 25,000/50,000 steps | 312 episodes | return(last 100) 187.3"
                + " | 5,000 steps/s | ETA 0:05", line);
    }

    @Test
    void unknownValuesShowAsDashes() {
        String line = ProgressBar.render(new Progress(0, 10, 0, Double.NaN, 0, 0));
        assertEquals("[........................]   0% 0/10 steps | 0 episodes | return(last 100) - | 0 steps/s | ETA --:--",
                line);
    }

    @Test
    void durationsAboveAnHourShowHours() {
        assertEquals("1:01:01", ProgressBar.duration(3661));
        assertEquals("2:05", ProgressBar.duration(125));
    }
}

package dev.qsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.QNetwork;
import dev.qsweep.config.SettingsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PBT's exploit: a member takes its donor's checkpoint under its own (perturbed) settings. */
class TrainerAdoptTest {
    private static final long SEED = 7;

    private static RunSpec cartPole(double learningRate, long seed) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "buffer_size", 2_000, "learning_starts", 100, "batch_size", 16, "train_frequency", 4,
                "target_update_interval", 100, "hidden_sizes", "16", "eval_interval", 300, "eval_episodes", 2,
                "checkpoint_interval", 300));
        settings.put("learning_rate", learningRate);
        return new RunSpec("CartPole-v1", Map.of(), seed, 900, SettingsCatalog.resolve(settings));
    }

    private static QNetwork online(Trainer trainer) {
        return ((DqnAgent) trainer.agent()).onlineNetwork();
    }

    /** A trainer resumed from {@code store} at the step it holds, without training further. */
    private static Trainer resumed(RunSpec spec, CheckpointStore store, TrainerTest.RecordingSink sink)
            throws IOException {
        Trainer trainer = new Trainer(spec, sink, store);
        trainer.run(true, 300);
        return trainer;
    }

    @Test
    void theCopierHoldsTheDonorsNetworkAndOptimizerAtTheDonorsStepUnderItsOwnLearningRate(@TempDir Path dir)
            throws IOException {
        LocalCheckpointStore donorStore = new LocalCheckpointStore(dir.resolve("donor"));
        LocalCheckpointStore memberStore = new LocalCheckpointStore(dir.resolve("member"));
        new Trainer(cartPole(1e-3, SEED), new MetricsSink() { }, donorStore).run(true, 300);
        new Trainer(cartPole(3e-3, SEED), new MetricsSink() { }, memberStore).run(true, 300);

        RunSpec perturbed = cartPole(1e-3 * 1.2, SEED); // the donor's rate times the factor 1.2
        new Trainer(perturbed, new MetricsSink() { }, memberStore)
                .adoptCheckpoint(donorStore, 42);

        TrainerTest.RecordingSink memberSink = new TrainerTest.RecordingSink();
        Trainer member = resumed(perturbed, memberStore, memberSink);
        Trainer donor = resumed(cartPole(1e-3, SEED), donorStore, new TrainerTest.RecordingSink());
        assertEquals(300, memberSink.resumedFrom, "the copier resumes at the donor's step");
        assertArrayEquals(online(donor).dl4jNetwork().params().toFloatVector(),
                online(member).dl4jNetwork().params().toFloatVector(), "the donor's network");
        assertArrayEquals(online(donor).dl4jNetwork().getUpdater().getStateViewArray().toFloatVector(),
                online(member).dl4jNetwork().getUpdater().getStateViewArray().toFloatVector(), "the donor's Adam moments");
        assertEquals(online(donor).dl4jNetwork().getIterationCount(), online(member).dl4jNetwork().getIterationCount());
        assertEquals(1e-3, online(donor).spec().learningRate());
        assertEquals(1.2e-3, online(member).spec().learningRate(), 1e-18, "the perturbed rate, not the donor's");
        assertEquals(((DqnAgent) donor.agent()).replay().size(), ((DqnAgent) member.agent()).replay().size());
        assertArrayEquals(replayState(donor), replayState(member),
                "the donor's replay, read back from the files the member's own checkpoint wrote");

        // The member's directory now holds the perturbed run: its first settings no longer resume from it.
        assertThrows(CheckpointMismatchException.class,
                () -> new Trainer(cartPole(3e-3, SEED), new MetricsSink() { }, memberStore).run(true, 600));
    }

    @Test
    void aCopierWithTheDonorsSettingsStillGoesItsOwnWayAndOnlyTheSameRunIsAdopted(@TempDir Path dir)
            throws IOException {
        LocalCheckpointStore donorStore = new LocalCheckpointStore(dir.resolve("donor"));
        new Trainer(cartPole(1e-3, SEED), new MetricsSink() { }, donorStore).run(true, 300);
        LocalCheckpointStore at300 = new LocalCheckpointStore(copyOf(dir.resolve("donor"), dir.resolve("donor-at-300")));

        TrainerTest.RecordingSink donorRows = new TrainerTest.RecordingSink();
        new Trainer(cartPole(1e-3, SEED), donorRows, donorStore).run(true, 600);
        List<List<String>> copies = new java.util.ArrayList<>();
        for (String name : List.of("copy-a", "copy-b")) {
            LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve(name));
            new Trainer(cartPole(1e-3, SEED), new MetricsSink() { }, store).adoptCheckpoint(at300, 42);
            TrainerTest.RecordingSink rows = new TrainerTest.RecordingSink();
            new Trainer(cartPole(1e-3, SEED), rows, store).run(true, 600);
            copies.add(rows.episodes);
        }
        assertEquals(copies.get(0), copies.get(1), "the same stream seed gives the same continuation");
        assertNotEquals(donorRows.episodes, copies.get(0),
                "fresh exploration and sampling streams: the copier does not replay the donor's future");

        LocalCheckpointStore otherSeed = new LocalCheckpointStore(dir.resolve("other-seed"));
        assertThrows(CheckpointMismatchException.class, () -> new Trainer(cartPole(1e-3, SEED + 1),
                new MetricsSink() { }, otherSeed).adoptCheckpoint(at300, 42), "a donor of another seed is refused");
    }

    /** A flat copy of a checkpoint directory: the donor as it was at this moment. */
    private static Path copyOf(Path directory, Path copy) throws IOException {
        Files.createDirectories(copy);
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static byte[] replayState(Trainer trainer) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ((DqnAgent) trainer.agent()).replay().writeState(new java.io.DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}

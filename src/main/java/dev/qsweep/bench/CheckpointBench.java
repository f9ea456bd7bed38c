package dev.qsweep.bench;

import dev.qsweep.agent.DqnAgent;
import dev.qsweep.agent.Replay;
import dev.qsweep.config.DqnSettings;
import dev.qsweep.config.Presets;
import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.env.Space;
import dev.qsweep.rng.NumpyGenerator;
import dev.qsweep.train.Checkpoints;
import dev.qsweep.train.LocalCheckpointStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpoint cost of the {@code atari} preset's agent (Nature CNN with Adam state, frame replay of 4×84×84 stacks):
 * the first (full) checkpoint of a filled replay, then incremental checkpoints after {@code --interval} new
 * transitions, then a restore of the newest into the same agent (so one replay is in memory). Prints time, bytes
 * written, write rate, and the heap the save needed beyond the agent (peak used, sampled every ms, minus the used heap
 * before; and the bytes the saving thread allocated). Frames are random pixels in episodes of 1,000 steps.
 *
 * <p>{@code java -Xmx9g -cp … dev.qsweep.bench.CheckpointBench [--buffer 1000000] [--interval 250000]
 * [--checkpoints 2] [--dir /tmp/qsweep-checkpoint-bench]}; the directory is deleted afterwards.
 */
public final class CheckpointBench {
    private static final int STACK = 4;
    private static final int FRAME = 84 * 84;

    private CheckpointBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int buffer = Integer.parseInt(options.getOrDefault("buffer", "1000000"));
        int interval = Integer.parseInt(options.getOrDefault("interval", "250000"));
        int incremental = Integer.parseInt(options.getOrDefault("checkpoints", "2"));
        Path dir = Path.of(options.getOrDefault("dir", "/tmp/qsweep-checkpoint-bench"));

        Map<String, Object> settings = new HashMap<>(Presets.load("atari").settings());
        settings.put("buffer_size", buffer);
        DqnSettings resolved = SettingsCatalog.resolve(settings);
        double[] low = new double[STACK * FRAME];
        double[] high = new double[STACK * FRAME];
        Arrays.fill(high, 255);
        Space observations = new Space.Box(low, high, new int[] {STACK, 84, 84}, Space.DType.UINT8);
        DqnAgent agent = new DqnAgent(resolved, observations, 6, 1, new NumpyGenerator(2));
        System.out.printf(Locale.ROOT, "atari preset agent, replay_in_checkpoint=%s, buffer %,d, interval %,d, heap max %.1f GB%n",
                resolved.replayInCheckpoint(), buffer, interval, Runtime.getRuntime().maxMemory() / 1e9);

        Files.createDirectories(dir);
        try {
            Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), System.err::println);
            FrameFeeder feeder = new FrameFeeder(agent.replay());
            long started = System.nanoTime();
            feeder.add(buffer);
            System.out.printf(Locale.ROOT, "filled %,d transitions in %.1f s (replay footprint %.2f GB)%n", buffer,
                    (System.nanoTime() - started) / 1e9, agent.replay().footprintBytes() / 1e9);
            System.out.printf("%-14s %10s %12s %10s %16s %16s%n", "CHECKPOINT", "SECONDS", "BYTES", "MB/S",
                    "PEAK EXTRA HEAP", "ALLOCATED");
            long step = buffer;
            measureSave(checkpoints, agent, step, dir, "full");
            for (int c = 1; c <= incremental; c++) {
                feeder.add(interval);
                step += interval;
                measureSave(checkpoints, agent, step, dir, "incremental " + c);
            }
            long restoreStart = System.nanoTime();
            long restored = new Checkpoints(new LocalCheckpointStore(dir), System.err::println)
                    .restoreLatest(agent::readState).orElseThrow();
            System.out.printf(Locale.ROOT, "restore of step %,d: %.2f s (replay of %,d transitions)%n", restored,
                    (System.nanoTime() - restoreStart) / 1e9, agent.replay().size());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void measureSave(Checkpoints checkpoints, DqnAgent agent, long step, Path dir, String label)
            throws IOException, InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        checkpoints.save(step, agent::writeState);
        double seconds = (System.nanoTime() - start) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        done.set(true);
        sampler.join();
        String prefix = String.format("checkpoint-%012d.", step);
        long bytes = 0;
        for (Map.Entry<String, Long> file : new LocalCheckpointStore(dir).list().entrySet()) {
            if (file.getKey().startsWith(prefix)) {
                bytes += file.getValue();
            }
        }
        System.out.printf(Locale.ROOT, "%-14s %10.2f %,12d %10.0f %13.1f MB %13.1f MB%n", label, seconds, bytes,
                bytes / 1e6 / seconds, (peak.get() - before) / 1e6, allocated / 1e6);
    }

    /** Feeds stacks of random frames that slide by one frame per step, in episodes of 1,000 steps. */
    private static final class FrameFeeder {
        private final Replay replay;
        private final SplittableRandom random = new SplittableRandom(7);
        private float[] observation;
        private int episodeStep;

        FrameFeeder(Replay replay) {
            this.replay = replay;
        }

        void add(int transitions) {
            for (int t = 0; t < transitions; t++) {
                if (observation == null) {
                    float[] first = frame();
                    observation = new float[STACK * FRAME];
                    for (int f = 0; f < STACK; f++) {
                        System.arraycopy(first, 0, observation, f * FRAME, FRAME);
                    }
                }
                float[] next = new float[STACK * FRAME];
                System.arraycopy(observation, FRAME, next, 0, (STACK - 1) * FRAME);
                System.arraycopy(frame(), 0, next, (STACK - 1) * FRAME, FRAME);
                boolean ended = ++episodeStep == 1_000;
                replay.add(observation, random.nextInt(6), random.nextInt(3) - 1, next, ended, ended);
                if (ended) {
                    episodeStep = 0;
                    observation = null;
                } else {
                    observation = next;
                }
            }
        }

        private float[] frame() {
            float[] pixels = new float[FRAME];
            for (int i = 0; i < FRAME; i++) {
                pixels[i] = random.nextInt(256);
            }
            return pixels;
        }
    }
}

package dev.qsweep.agent;

import dev.qsweep.rng.NumpyGenerator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Replay for stacked uint8 frames ({@code [stack][frame]}, oldest first, like Gymnasium's
 * {@code FrameStackObservation}): each frame is stored once and the stacks are rebuilt at sample time, so a
 * transition of 4×84×84 frames costs ~7.3 kB instead of two 28 kB stacks (or 226 kB as floats).
 *
 * <p><b>Episode starts.</b> Every frame carries its position in its episode, capped at {@code stack − 1}. Element j
 * (oldest first) of the stack whose newest frame is g is frame {@code g − min(stack − 1 − j, position(g))}: a stack
 * never reaches back into the previous episode, and near the start it repeats the episode's first stored frame.
 * That is exactly Gymnasium's default {@code padding_type="reset"} (the reset observation repeated), which the env's
 * frame-stack wrapper follows; so one frame per episode start is stored. Rather than assume a padding, the first
 * stack of an episode is stored as given: its leading run of equal frames as one frame, then the rest. So any
 * padding (zeros too, at one more frame per episode) comes back exactly as the agent saw it. Every added stack is
 * checked against the stored frames (the newest frame continues the episode, the older ones slide by one) and a
 * mismatch is refused rather than silently replayed wrong.
 *
 * <p><b>Final observations.</b> The true last observation of an episode (terminated or truncated) is stored as a
 * frame of its own; the next episode's first frame follows it.
 *
 * <p><b>Memory.</b> Frames live in a ring of {@code capacity + capacity/32 + stack + 1} slots; the extra ~3 %
 * hold the one extra frame each episode adds (episode starts). A transition is dropped when the oldest frame it
 * needs is overwritten, so with episodes shorter than ~32 steps fewer than {@code capacity} transitions are kept.
 * {@link #bytesPerTransition} is ≤ 7,300 bytes at 4×84×84.
 */
public final class FrameReplayMemory implements Replay {
    /** Frames per storage block: 1.8 MB blocks at 84×84, so no single Java array limits the capacity. */
    private static final int FRAMES_PER_BLOCK = 256;
    private static final int PER_TRANSITION_BYTES = 8 + 4 + 4 + 1; // next frame index, action, reward, terminated
    /** Transitions per checkpoint chunk (1.1 MB of scalars); frames are chunked by storage block. */
    private static final int TRANSITIONS_PER_CHUNK = 1 << 16;

    private final int capacity;
    private final int stackSize;
    private final int frameSize;
    private final int frameSlots;
    private final byte[][] frameBlocks;
    private final byte[] framePositions; // position of each stored frame in its episode, capped at stackSize − 1

    // Transitions, a ring from head (oldest) of size entries.
    private final long[] nextFrames; // global index of the next observation's newest frame
    private final int[] actions;
    private final float[] rewards;
    private final byte[] flags; // TransitionSlots.encodeFlags: terminated, truncated or neither
    private int head;
    private int size;

    private long framesWritten;
    private boolean episodeOpen; // the last transition did not end its episode: the next one continues it

    // Checkpoint chunks changed since the last save: the frame blocks first, then the transition ranges.
    private final boolean[] changedChunks;

    public FrameReplayMemory(int capacity, int stackSize, int frameSize) {
        if (capacity <= 0 || stackSize <= 0 || frameSize <= 0) {
            throw new IllegalArgumentException("capacity, stackSize and frameSize must be positive");
        }
        if (stackSize > 127) throw new IllegalArgumentException("stackSize must be at most 127, got " + stackSize);
        this.capacity = capacity;
        this.stackSize = stackSize;
        this.frameSize = frameSize;
        this.frameSlots = frameSlots(capacity, stackSize);
        long needed = footprintBytes(capacity, stackSize, frameSize);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new IllegalArgumentException(String.format(
                    "a frame replay of %d transitions needs %.1f GB but the JVM may use only %.1f GB; lower buffer_size "
                            + "(about %d fit) or raise the heap (-Xmx)", capacity, needed / 1e9, heap / 1e9,
                    (long) (heap * 0.8 / bytesPerTransition(1 << 20, stackSize, frameSize))));
        }
        int blocks = (frameSlots + FRAMES_PER_BLOCK - 1) / FRAMES_PER_BLOCK;
        this.frameBlocks = new byte[blocks][];
        for (int b = 0; b < blocks; b++) {
            int framesInBlock = Math.min(FRAMES_PER_BLOCK, frameSlots - b * FRAMES_PER_BLOCK);
            frameBlocks[b] = new byte[framesInBlock * frameSize];
        }
        this.framePositions = new byte[frameSlots];
        this.nextFrames = new long[capacity];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.flags = new byte[capacity];
        this.changedChunks = new boolean[blocks + (capacity + TRANSITIONS_PER_CHUNK - 1) / TRANSITIONS_PER_CHUNK];
    }

    /** Atari's stacks: 4 frames of 84×84. */
    static boolean isFrameStack(int[] shape) {
        return shape.length == 3 && shape[0] == 4 && shape[1] == 84 && shape[2] == 84;
    }

    static int frameSlots(int capacity, int stackSize) {
        return Math.toIntExact(capacity + capacity / 32L + stackSize + 1);
    }

    /** Bytes a memory of this size allocates for its contents (array payloads; block headers are negligible). */
    public static long footprintBytes(int capacity, int stackSize, int frameSize) {
        long slots = frameSlots(capacity, stackSize);
        return slots * frameSize + slots + (long) capacity * PER_TRANSITION_BYTES;
    }

    public static double bytesPerTransition(int capacity, int stackSize, int frameSize) {
        return (double) footprintBytes(capacity, stackSize, frameSize) / capacity;
    }

    @Override
    public long footprintBytes() {
        long bytes = framePositions.length;
        for (byte[] block : frameBlocks) bytes += block.length;
        return bytes + 8L * nextFrames.length + 4L * actions.length + 4L * rewards.length + flags.length;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void add(float[] observation, int action, float reward, float[] nextObservation, boolean isTerminated,
                    boolean episodeEnded) {
        int stackLength = stackSize * frameSize;
        if (observation.length != stackLength || nextObservation.length != stackLength) {
            throw new IllegalArgumentException("observations must have " + stackLength + " values, got "
                    + observation.length + " and " + nextObservation.length);
        }
        if (episodeOpen) {
            requireNewestFrameEquals(observation, framesWritten - 1);
        } else {
            storeFirstStack(observation);
        }
        requireSlidesByOne(observation, nextObservation);
        int previousPosition = framePositions[slot(framesWritten - 1)];
        writeFrame(nextObservation, (stackSize - 1) * frameSize, Math.min(previousPosition + 1, stackSize - 1));

        if (size == capacity) {
            dropOldest();
        }
        int t = (head + size) % capacity;
        nextFrames[t] = framesWritten - 1;
        actions[t] = action;
        rewards[t] = reward;
        flags[t] = TransitionSlots.encodeFlags(isTerminated, episodeEnded);
        changedChunks[frameBlocks.length + t / TRANSITIONS_PER_CHUNK] = true;
        size++;
        episodeOpen = !episodeEnded;
    }

    /**
     * The first stack of an episode: its leading run of frames equal to frame 0 (the padding) becomes one frame at
     * position 0, each later frame one more position, so rebuilding it gives back exactly this stack.
     */
    private void storeFirstStack(float[] observation) {
        int firstDifferent = 1;
        while (firstDifferent < stackSize && framesEqual(observation, 0, observation, firstDifferent * frameSize)) {
            firstDifferent++;
        }
        writeFrame(observation, 0, 0);
        for (int f = firstDifferent, position = 1; f < stackSize; f++, position++) {
            writeFrame(observation, f * frameSize, position);
        }
    }

    private void writeFrame(float[] source, int offset, int position) {
        long index = framesWritten;
        while (size > 0 && oldestFrameNeeded(head) <= index - frameSlots) {
            dropOldest(); // its frames are about to be overwritten
        }
        int s = slot(index);
        byte[] block = frameBlocks[s / FRAMES_PER_BLOCK];
        Uint8.pack(source, offset, block, (s % FRAMES_PER_BLOCK) * frameSize, frameSize);
        framePositions[s] = (byte) position;
        changedChunks[s / FRAMES_PER_BLOCK] = true;
        framesWritten = index + 1;
    }

    private void dropOldest() {
        head = (head + 1) % capacity;
        size--;
    }

    /** Global index of the oldest frame transition t's observation stack shows. */
    private long oldestFrameNeeded(int t) {
        long newest = nextFrames[t] - 1;
        return newest - framePositions[slot(newest)];
    }

    @Override
    public void sample(NumpyGenerator rng, ReplayMemory.Batch batch) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay memory");
        }
        int stackLength = stackSize * frameSize;
        for (int b = 0; b < batch.size; b++) {
            int t = (head + (int) rng.integers(0, size)) % capacity;
            long next = nextFrames[t];
            rebuildStack(next - 1, batch.observations, b * stackLength);
            rebuildStack(next, batch.nextObservations, b * stackLength);
            batch.actions[b] = actions[t];
            batch.rewards[b] = rewards[t];
            batch.terminated[b] = TransitionSlots.terminatedFlag(flags[t]);
        }
    }

    @Override
    public int oldestSlot() {
        return head;
    }

    @Override
    public float reward(int slot) {
        return rewards[slot];
    }

    @Override
    public boolean terminated(int slot) {
        return TransitionSlots.terminatedFlag(flags[slot]);
    }

    @Override
    public boolean episodeEnded(int slot) {
        return TransitionSlots.endedFlag(flags[slot]);
    }

    /** The bootstrap slot's next stack is the state n steps on: within an episode each step adds one frame. */
    @Override
    public void copyTransition(int slot, int bootstrapSlot, ReplayMemory.Batch batch, int row) {
        int stackLength = stackSize * frameSize;
        rebuildStack(nextFrames[slot] - 1, batch.observations, row * stackLength);
        rebuildStack(nextFrames[bootstrapSlot], batch.nextObservations, row * stackLength);
        batch.actions[row] = actions[slot];
    }

    /** The stack whose newest frame is {@code newest}, oldest first, as floats. */
    void rebuildStack(long newest, float[] out, int outOffset) {
        int position = framePositions[slot(newest)];
        for (int j = 0; j < stackSize; j++) {
            long frame = stackFrame(newest, position, j);
            int s = slot(frame);
            Uint8.unpack(frameBlocks[s / FRAMES_PER_BLOCK], (s % FRAMES_PER_BLOCK) * frameSize, out,
                    outOffset + j * frameSize, frameSize);
        }
    }

    /** Frame index of element j (oldest first) of the stack whose newest frame, at {@code position}, is {@code newest}. */
    long stackFrame(long newest, int position, int j) {
        return stackFrameIndex(newest, position, stackSize, j);
    }

    /** {@code newest − min(stackSize − 1 − j, position)}: never before the episode's first stored frame. */
    static long stackFrameIndex(long newest, int position, int stackSize, int j) {
        return newest - Math.min(stackSize - 1 - j, position);
    }

    private void requireNewestFrameEquals(float[] observation, long frame) {
        int s = slot(frame);
        byte[] block = frameBlocks[s / FRAMES_PER_BLOCK];
        int from = (s % FRAMES_PER_BLOCK) * frameSize;
        int newest = (stackSize - 1) * frameSize;
        for (int k = 0; k < frameSize; k++) {
            if (observation[newest + k] != (block[from + k] & 0xFF)) {
                throw new IllegalArgumentException("the observation does not continue the episode: its newest frame differs "
                        + "from the last stored next observation's (was the previous transition's end of episode passed?)");
            }
        }
    }

    private void requireSlidesByOne(float[] observation, float[] nextObservation) {
        for (int f = 0; f < stackSize - 1; f++) {
            if (!framesEqual(nextObservation, f * frameSize, observation, (f + 1) * frameSize)) {
                throw new IllegalArgumentException("the next observation is not the observation's frame stack moved on by "
                        + "one frame (frame " + f + " of the next stack differs from frame " + (f + 1) + " of this one)");
            }
        }
    }

    private boolean framesEqual(float[] a, int aOffset, float[] b, int bOffset) {
        for (int k = 0; k < frameSize; k++) {
            if (a[aOffset + k] != b[bOffset + k]) return false;
        }
        return true;
    }

    private int slot(long frame) {
        return (int) Math.floorMod(frame, (long) frameSlots);
    }

    @Override
    public void clear() {
        head = 0;
        size = 0;
        framesWritten = 0;
        episodeOpen = false;
        Arrays.fill(changedChunks, true);
    }

    @Override
    public int chunkCount() {
        return changedChunks.length;
    }

    @Override
    public boolean chunkChanged(int chunk) {
        return changedChunks[chunk];
    }

    @Override
    public void markSaved() {
        Arrays.fill(changedChunks, false);
    }

    @Override
    public void markAllChanged() {
        Arrays.fill(changedChunks, true);
    }

    @Override
    public void writeHeader(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(stackSize);
        out.writeInt(frameSize);
        out.writeLong(framesWritten);
        out.writeBoolean(episodeOpen);
        out.writeInt(head);
        out.writeInt(size);
    }

    @Override
    public void readHeader(DataInput in) throws IOException {
        int savedCapacity = in.readInt();
        int savedStack = in.readInt();
        int savedFrame = in.readInt();
        if (savedCapacity != capacity || savedStack != stackSize || savedFrame != frameSize) {
            throw new IOException("checkpoint frame replay is " + savedCapacity + " transitions of " + savedStack + "×"
                    + savedFrame + " but this run's is " + capacity + " of " + stackSize + "×" + frameSize);
        }
        long written = in.readLong();
        boolean open = in.readBoolean();
        int savedHead = in.readInt();
        int savedSize = in.readInt();
        if (written < 0 || savedHead < 0 || savedHead >= capacity || savedSize < 0 || savedSize > capacity) {
            throw new IOException("corrupt frame replay header: frames " + written + ", head " + savedHead + ", size " + savedSize);
        }
        framesWritten = written;
        episodeOpen = open;
        head = savedHead;
        size = savedSize;
    }

    /** Frames of a block that were ever written: all of them once the ring has gone round (read after the header). */
    private int filledFrames(int block) {
        long written = Math.min(framesWritten, frameSlots) - (long) block * FRAMES_PER_BLOCK;
        return (int) Math.max(0, Math.min(frameBlocks[block].length / frameSize, written));
    }

    /** A frame block (positions, then pixels) or a range of transitions, in memory order. */
    @Override
    public void writeChunk(int chunk, DataOutput out) throws IOException {
        if (chunk < frameBlocks.length) {
            int frames = filledFrames(chunk);
            out.write(framePositions, chunk * FRAMES_PER_BLOCK, frames);
            out.write(frameBlocks[chunk], 0, frames * frameSize);
            return;
        }
        int from = (chunk - frameBlocks.length) * TRANSITIONS_PER_CHUNK;
        for (int t = from, end = Math.min(capacity, from + TRANSITIONS_PER_CHUNK); t < end; t++) {
            out.writeLong(nextFrames[t]);
            out.writeInt(actions[t]);
            out.writeFloat(rewards[t]);
            out.writeByte(flags[t]);
        }
    }

    @Override
    public void readChunk(int chunk, DataInput in) throws IOException {
        if (chunk < frameBlocks.length) {
            zeroChunk(chunk);
            int frames = filledFrames(chunk);
            in.readFully(framePositions, chunk * FRAMES_PER_BLOCK, frames);
            in.readFully(frameBlocks[chunk], 0, frames * frameSize);
            return;
        }
        int from = (chunk - frameBlocks.length) * TRANSITIONS_PER_CHUNK;
        for (int t = from, end = Math.min(capacity, from + TRANSITIONS_PER_CHUNK); t < end; t++) {
            nextFrames[t] = in.readLong();
            actions[t] = in.readInt();
            rewards[t] = in.readFloat();
            flags[t] = in.readByte();
        }
    }

    @Override
    public void zeroChunk(int chunk) {
        if (chunk < frameBlocks.length) {
            int from = chunk * FRAMES_PER_BLOCK;
            Arrays.fill(framePositions, from, from + frameBlocks[chunk].length / frameSize, (byte) 0);
            Arrays.fill(frameBlocks[chunk], (byte) 0);
            return;
        }
        int from = (chunk - frameBlocks.length) * TRANSITIONS_PER_CHUNK;
        int to = Math.min(capacity, from + TRANSITIONS_PER_CHUNK);
        Arrays.fill(nextFrames, from, to, 0L);
        Arrays.fill(actions, from, to, 0);
        Arrays.fill(rewards, from, to, 0f);
        Arrays.fill(flags, from, to, (byte) 0);
    }
}

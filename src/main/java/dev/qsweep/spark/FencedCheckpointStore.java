package dev.qsweep.spark;

import dev.qsweep.train.CheckpointStore;
import java.io.IOException;
import java.util.Optional;

/**
 * A trial's checkpoint store that saves (and so prunes older checkpoints) only while its attempt still owns the trial
 * ({@link AttemptFence}). Reads pass through: a superseded attempt may read, it may not write.
 */
final class FencedCheckpointStore implements CheckpointStore {
    private final CheckpointStore delegate;
    private final AttemptFence fence;

    FencedCheckpointStore(CheckpointStore delegate, AttemptFence fence) {
        this.delegate = delegate;
        this.fence = fence;
    }

    @Override
    public void save(long globalStep, byte[] checkpoint) throws IOException {
        fence.check("saving checkpoint " + globalStep);
        delegate.save(globalStep, checkpoint);
    }

    @Override
    public Optional<byte[]> loadLatest() throws IOException {
        return delegate.loadLatest();
    }

    @Override
    public String location() {
        return delegate.location();
    }
}

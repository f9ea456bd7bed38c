package dev.qsweep.spark;

import dev.qsweep.train.CheckpointStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * A trial's checkpoint store that commits and deletes files only while its attempt still owns the trial
 * ({@link AttemptFence}): a superseded attempt may read, it may not write. The check comes right before each commit,
 * so the manifest rename that makes a checkpoint exist is fenced, and so is the retention that deletes old ones.
 */
final class FencedCheckpointStore implements CheckpointStore {
    private final CheckpointStore delegate;
    private final AttemptFence fence;

    FencedCheckpointStore(CheckpointStore delegate, AttemptFence fence) {
        this.delegate = delegate;
        this.fence = fence;
    }

    @Override
    public PendingFile create(String name) throws IOException {
        fence.check("writing checkpoint file " + name);
        PendingFile file = delegate.create(name);
        return new PendingFile() {
            @Override
            public OutputStream stream() {
                return file.stream();
            }

            @Override
            public void commit() throws IOException {
                fence.check("committing checkpoint file " + name);
                file.commit();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return delegate.open(name);
    }

    @Override
    public Map<String, Long> list() throws IOException {
        return delegate.list();
    }

    @Override
    public void delete(String name) throws IOException {
        fence.check("deleting checkpoint file " + name);
        delegate.delete(name);
    }

    @Override
    public void deleteTemporaries() throws IOException {
        // Another attempt's temporaries are its work in progress: only the owner clears them.
        fence.check("deleting checkpoint temporaries");
        delegate.deleteTemporaries();
    }

    @Override
    public String location() {
        return delegate.location();
    }
}

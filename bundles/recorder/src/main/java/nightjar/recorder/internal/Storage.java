package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;
import nightjar.api.recording.StorageStatus;

/**
 * Watches the file system the recordings are on: free space against the floor (deleting the oldest
 * clips first, through {@link Retention}), writes that failed (a disk filled by another process, a
 * share that went away). While either holds, recording is held back and {@code nightjar/storage/LOW}
 * is posted; once space is back (the floor plus a margin, so it does not flap), recording goes on.
 * Its methods are called from the recorder's scheduler and, after a failed write, from a worker.
 */
final class Storage {
    static final long CHECK_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    private static final long MIN_MARGIN = 1024 * 1024;

    /** Hears that recording must pause ({@code held}) or may go on. */
    interface HoldListener {
        void changed(boolean held, String why);
    }

    /** Posts an event. */
    interface EventPoster {
        void post(String topic, Map<String, Object> properties);
    }

    private final Clock clock;
    private final Predicate<ClipFiles> writing;
    private final HoldListener listener;
    private final EventPoster events;
    private volatile RecorderSettings settings;
    private volatile RecordingStore store;
    private volatile StorageStatus status;
    private volatile boolean held;
    // Guarded by this.
    private boolean lowSpace;
    private @Nullable String writeFailure;
    private long usedBytes;

    Storage(RecorderSettings settings, RecordingStore store, Clock clock, Predicate<ClipFiles> writing,
            HoldListener listener, EventPoster events) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.writing = writing;
        this.listener = listener;
        this.events = events;
        this.status = new StorageStatus(store.root().toString(), 0, 0, 0, false);
    }

    synchronized void settings(RecorderSettings changed, RecordingStore changedStore) {
        settings = changed;
        store = changedStore;
        writeFailure = null;
    }

    StorageStatus status() {
        return status;
    }

    boolean held() {
        return held;
    }

    /** Measures the file system, makes room when below the floor, and holds or releases recording. */
    synchronized void check() {
        long[] space = space();
        if (space == null) {
            update(false, "the recordings directory " + store.root() + " cannot be used", 0, 0);
            return;
        }
        if (space[0] < settings.minFreeBytes()) {
            applyRetention();
            space = space();
            if (space == null) {
                return;
            }
        }
        long usable = space[0];
        long resume = settings.minFreeBytes() + Math.max(MIN_MARGIN, settings.minFreeBytes() / 10);
        lowSpace = lowSpace ? usable < resume : usable < settings.minFreeBytes();
        if (writeFailure != null && usable >= resume && Files.isWritable(store.root())) {
            LOG.info("Recordings can be written to {} again", store.root());
            writeFailure = null;
        }
        String why = lowSpace ? String.format(Locale.ROOT, "storage low: %.1f MB free, the floor is %.1f MB",
                usable / 1048576.0, settings.minFreeBytes() / 1048576.0) : writeFailure;
        update(why != null, why == null ? "" : why, usable, space[1]);
    }

    /** A worker could not write: hold every camera until the next check finds the storage usable. */
    synchronized void writeFailed(String cameraId, IOException cause) {
        if (writeFailure == null) {
            LOG.warn("Camera {}: writing a recording to {} failed: {}", cameraId, store.root(), cause.getMessage());
        }
        writeFailure = "writing recordings failed: " + cause.getMessage();
        long[] space = space();
        update(true, writeFailure, space == null ? 0 : space[0], space == null ? 0 : space[1]);
    }

    /** Deletes what {@link Retention} says must go. */
    synchronized void applyRetention() {
        RecordingStore current = store;
        RecordingStore.Contents contents = current.contents();
        long[] space = space();
        List<RecordingStore.StoredClip> doomed = Retention.toDelete(contents.finished(), contents.totalBytes(),
                space == null ? Long.MAX_VALUE : space[0], clock.instant(), settings);
        long freed = 0;
        for (RecordingStore.StoredClip clip : doomed) {
            try {
                current.delete(clip.files());
                freed += clip.bytes();
            } catch (IOException e) {
                LOG.warn("Could not delete the old recording {}: {}", clip.files().relativeVideo(), e.getMessage());
            }
        }
        usedBytes = contents.totalBytes() - freed;
        if (!doomed.isEmpty()) {
            LOG.info("Retention deleted {} old clip{} ({} MB)", doomed.size(), doomed.size() == 1 ? "" : "s",
                    String.format(Locale.ROOT, "%.1f", freed / 1048576.0));
        }
        StorageStatus before = status;
        status = new StorageStatus(before.directory(), space == null ? 0 : space[0] + freed, before.totalBytes(),
                usedBytes, before.low());
    }

    /** At start: clips a crash or power cut left under their {@code .part} names become playable clips. */
    void recoverLeftovers() {
        for (ClipFiles files : store.contents().unfinished()) {
            if (writing.test(files)) {
                continue;
            }
            try {
                PartRecovery.recover(files, clock.getZone());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not recover the cut-off recording {}: {}", files.relativeVideo(), e.getMessage());
            }
        }
    }

    private void update(boolean hold, String why, long usable, long total) {
        status = new StorageStatus(store.root().toString(), usable, total, usedBytes, hold);
        if (hold == held) {
            return;
        }
        held = hold;
        if (hold) {
            LOG.warn("Recording paused: {}", why);
            Map<String, Object> properties = new HashMap<>();
            properties.put(EventProperties.FREE, usable);
            properties.put(EventProperties.TOTAL, total);
            properties.put(EventProperties.MESSAGE, why);
            events.post(Topics.STORAGE_LOW, properties);
        } else {
            LOG.info("Recording goes on: {} MB free", String.format(Locale.ROOT, "%.1f", usable / 1048576.0));
        }
        listener.changed(hold, why);
    }

    /** Free and total bytes, or null when the directory cannot be made or measured. */
    private long @Nullable [] space() {
        try {
            Files.createDirectories(store.root());
            FileStore fileStore = Files.getFileStore(store.root());
            return new long[] {fileStore.getUsableSpace(), fileStore.getTotalSpace()};
        } catch (IOException e) {
            return null;
        }
    }
}

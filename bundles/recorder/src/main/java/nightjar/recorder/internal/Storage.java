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
 * The floor is the configured one or a share of the file system ({@link RecorderSettings#floorBytes}).
 * Its methods are called from the recorder's scheduler and, after a failed write, from a worker.
 */
final class Storage {
    static final long CHECK_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    private static final long MIN_MARGIN = 1024 * 1024;
    private static final double MB = 1024 * 1024;

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
    /** Why recording is held, as last told; guarded by this. */
    private String heldWhy = "";
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

    /**
     * Measures the file system, makes room when there is too little, and holds or releases recording.
     * Retention makes room down to the floor while recording goes on, and down to the level at which it
     * goes on again while it is paused: so a pause ends by itself whenever old clips of ours can make
     * the room, and lasts only while they cannot (another program holds the space).
     */
    synchronized void check() {
        long[] space = space();
        if (space == null) {
            update(false, "the recordings directory " + store.root() + " cannot be used", 0, 0);
            return;
        }
        long floor = settings.floorBytes(space[1]);
        long resume = resumeBytes(floor);
        long wanted = paused() ? resume : floor;
        if (space[0] < wanted) {
            retain(space, wanted);
            space = space();
            if (space == null) {
                return;
            }
        }
        long usable = space[0];
        lowSpace = lowSpace ? usable < resume : usable < floor;
        if (writeFailure != null && usable >= resume && Files.isWritable(store.root())) {
            LOG.info("Recordings can be written to {} again", store.root());
            writeFailure = null;
        }
        // Retention has just deleted what it could: below the level recording goes on at, nothing of ours is left.
        String nothingLeft = String.format(Locale.ROOT,
                "no clip of ours is left to delete; recording goes on at %.1f MB free", resume / MB);
        String why = null;
        if (lowSpace) {
            why = String.format(Locale.ROOT, "storage low: under the floor of %.1f MB free, and %s", floor / MB,
                    nothingLeft);
        } else if (writeFailure != null) {
            why = usable < resume ? writeFailure + "; " + nothingLeft : writeFailure;
        }
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

    /** Deletes what {@link Retention} says must go: by age, by total size, and for free space as {@link #check} does. */
    synchronized void applyRetention() {
        long[] space = space();
        long wanted = 0;
        if (space != null) {
            long floor = settings.floorBytes(space[1]);
            wanted = paused() ? resumeBytes(floor) : floor;
        }
        retain(space, wanted);
    }

    /** Whether recording is held back: the level at which it goes on is then what retention aims for. */
    private boolean paused() {
        return lowSpace || writeFailure != null;
    }

    /** The free space at which paused recording goes on: the floor plus a margin, so it does not flap. */
    private static long resumeBytes(long floor) {
        return floor + Math.max(MIN_MARGIN, floor / 10);
    }

    private void retain(long @Nullable [] space, long wantedFree) {
        RecordingStore current = store;
        RecordingStore.Contents contents = current.contents();
        List<RecordingStore.StoredClip> doomed = Retention.toDelete(contents.finished(), contents.totalBytes(),
                space == null ? Long.MAX_VALUE : space[0], wantedFree, clock.instant(), settings);
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
                    String.format(Locale.ROOT, "%.1f", freed / MB));
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

    /** Holds or releases recording; while held, a new reason (nothing left to delete, say) is told too. */
    private void update(boolean hold, String why, long usable, long total) {
        status = new StorageStatus(store.root().toString(), usable, total, usedBytes, hold);
        if (hold == held && (!hold || why.equals(heldWhy))) {
            return;
        }
        boolean newlyHeld = hold && !held;
        held = hold;
        heldWhy = hold ? why : "";
        if (hold) {
            LOG.warn("Recording paused: {} ({} MB free)", why, String.format(Locale.ROOT, "%.1f", usable / MB));
        } else {
            LOG.info("Recording goes on: {} MB free", String.format(Locale.ROOT, "%.1f", usable / MB));
        }
        if (newlyHeld) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(EventProperties.FREE, usable);
            properties.put(EventProperties.TOTAL, total);
            properties.put(EventProperties.MESSAGE, why);
            events.post(Topics.STORAGE_LOW, properties);
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

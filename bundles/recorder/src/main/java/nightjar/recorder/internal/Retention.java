package nightjar.recorder.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which clips go: those older than the maximum age, then the oldest until all recordings fit the
 * maximum total size, then the oldest until the file system has the free space asked for (the floor,
 * or while recording is paused the level at which it goes on, see {@link Storage}). Only finished clips
 * are candidates, so the one being written is never deleted.
 */
final class Retention {
    private Retention() {
    }

    /**
     * @param oldestFirst the finished clips, oldest first
     * @param totalBytes what all recordings take, clips being written included
     * @param usableBytes free space on the file system
     * @param wantedFreeBytes free space to make
     */
    static List<RecordingStore.StoredClip> toDelete(List<RecordingStore.StoredClip> oldestFirst, long totalBytes,
            long usableBytes, long wantedFreeBytes, Instant now, RecorderSettings settings) {
        List<RecordingStore.StoredClip> doomed = new ArrayList<>();
        long total = totalBytes;
        long usable = usableBytes;
        Instant oldestKept = settings.maxAgeMillis() > 0 ? now.minusMillis(settings.maxAgeMillis()) : Instant.MIN;
        for (RecordingStore.StoredClip clip : oldestFirst) {
            boolean tooOld = clip.modified().isBefore(oldestKept);
            boolean tooMuch = settings.maxTotalBytes() > 0 && total > settings.maxTotalBytes();
            boolean tooFull = usable < wantedFreeBytes;
            if (!tooOld && !tooMuch && !tooFull) {
                break; // the rest are younger, and the limits hold
            }
            doomed.add(clip);
            total -= clip.bytes();
            usable += clip.bytes();
        }
        return doomed;
    }
}

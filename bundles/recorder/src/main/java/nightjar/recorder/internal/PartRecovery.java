package nightjar.recorder.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.codec.ogg.OggPageScanner;
import nightjar.codec.theora.TheoraIdentification;

/**
 * Turns a clip whose writing was cut off (a crash, a power cut, a full disk) into a playable one:
 * the file is cut after its last intact page, renamed to its final name, and its sidecar given the
 * end that the video reaches. A file without a single whole frame is deleted with its poster and sidecar.
 */
final class PartRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PartRecovery.class);

    private PartRecovery() {
    }

    /** What became of a cut-off clip. */
    enum Outcome { KEPT, DELETED }

    static Outcome recover(ClipFiles files, ZoneId zone) throws IOException {
        long frames;
        double seconds;
        try (FileChannel channel = FileChannel.open(files.part(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            OggPageScanner.Scan scan = OggPageScanner.scan(channel);
            TheoraIdentification header;
            try {
                header = TheoraIdentification.parse(scan.firstPacket());
            } catch (IllegalArgumentException e) {
                header = null;
            }
            frames = header == null ? 0 : header.frames(scan.lastGranule());
            seconds = header == null || frames == 0 ? 0
                    : (frames - 1) * (double) header.frameRateDenominator() / header.frameRateNumerator();
            if (frames > 0 && scan.intactBytes() < channel.size()) {
                channel.truncate(scan.intactBytes());
            }
            if (frames > 0) {
                channel.force(true);
            }
        }
        if (frames == 0) {
            Files.deleteIfExists(files.part());
            Files.deleteIfExists(files.poster());
            Files.deleteIfExists(files.sidecar());
            LOG.warn("Recording {} was cut off before its first frame and is deleted", files.relativeVideo());
            return Outcome.DELETED;
        }
        Sidecar before = earlierSidecar(files, zone);
        Instant end = before.start().plusNanos(Math.round(seconds * 1e9));
        new Sidecar(before.camera(), before.name(), before.reason(), before.start(), end, frames,
                before.droppedFrames(), before.peakScore(), true).write(files.sidecar());
        Files.move(files.part(), files.video(), StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Recording {} was cut off; kept its first {} s ({} frames)", files.relativeVideo(),
                String.format(Locale.ROOT, "%.1f", seconds), frames);
        return Outcome.KEPT;
    }

    /** The sidecar written when the clip began, or one made from the clip's name when it is unreadable. */
    private static Sidecar earlierSidecar(ClipFiles files, ZoneId zone) {
        try {
            return Sidecar.read(files.sidecar());
        } catch (IOException e) {
            return new Sidecar(files.cameraId(), files.name(), files.reason().label(),
                    ClipFiles.startOf(files.name(), zone), null, 0, 0, 0, true);
        }
    }
}

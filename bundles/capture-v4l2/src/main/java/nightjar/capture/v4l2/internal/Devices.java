package nightjar.capture.v4l2.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Finds and opens video devices; tests give a fake one. */
interface Devices {
    VideoDevice open(String path) throws V4l2Exception;

    /** The video nodes present now, {@code /dev/video0} first. */
    List<String> nodes();

    /** The first node that captures pictures Nightjar can use, MJPEG or YUYV (skipping metadata, output and raw nodes), or null. */
    default @Nullable String firstCaptureNode() {
        for (String node : nodes()) {
            try (VideoDevice device = open(node)) {
                // A Pi camera module's CSI receiver (unicam, rp1-cfe) is a capture node too, of raw Bayer
                // that only libcamera makes pictures of: not a candidate.
                if (device.info().canCapture() && device.formats().stream()
                        .anyMatch(f -> f.fourcc() == VideoDevice.MJPG || f.fourcc() == VideoDevice.YUYV)) {
                    return node;
                }
            } catch (V4l2Exception e) {
                // Busy or not ours to open: not a candidate now.
            }
        }
        return null;
    }

    /** The machine's {@code /dev/video*} nodes, opened through the C library. */
    Devices SYSTEM = new Devices() {
        @Override
        public VideoDevice open(String path) throws V4l2Exception {
            return NativeVideoDevice.open(path);
        }

        @Override
        public List<String> nodes() {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"), "video[0-9]*")) {
                dev.forEach(found::add);
            } catch (IOException e) {
                return List.of();
            }
            found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(5))));
            return found.stream().map(Path::toString).toList();
        }
    };
}

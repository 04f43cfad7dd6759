package nightjar.capture.v4l2.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/nightjar --list-cameras}: every video node with what it can do, like
 * {@code v4l2-ctl --list-formats-ext}, so a user can pick the source, size and rate to configure.
 */
public final class ListCameras {
    private ListCameras() {
    }

    public static void main(String[] args) {
        System.exit(list(Devices.SYSTEM, System.out));
    }

    static int list(Devices devices, PrintStream out) {
        List<String> nodes = devices.nodes();
        if (nodes.isEmpty()) {
            out.println("No video devices (/dev/video*). Plug in a USB camera; a Pi camera module is a libcamera "
                    + "camera (source = libcamera, on Raspberry Pi OS). Nightjar shows a synthetic picture meanwhile.");
            return 1;
        }
        for (String node : nodes) {
            try (VideoDevice device = devices.open(node)) {
                VideoDevice.DeviceInfo info = device.info();
                out.println(node + aliases(node) + ": " + info.card() + " (" + info.driver() + ", " + info.busInfo()
                        + ")");
                if (!info.canCapture()) {
                    out.println("    not a video capture node (metadata or output)");
                    continue;
                }
                for (VideoDevice.PixelFormat format : device.formats()) {
                    boolean usable = format.fourcc() == VideoDevice.MJPG || format.fourcc() == VideoDevice.JPEG
                            || format.fourcc() == VideoDevice.YUYV;
                    out.println("    " + format + (usable ? "" : "  (not used by Nightjar)"));
                    for (VideoDevice.Size size : device.frameSizes(format.fourcc())) {
                        List<String> rates = new ArrayList<>();
                        for (VideoDevice.Fraction f : device.frameIntervals(format.fourcc(), size.width(),
                                size.height())) {
                            rates.add(f.toString());
                        }
                        out.println("        " + size + (rates.isEmpty() ? "" : "  fps " + String.join(", ", rates)));
                    }
                }
                if (device instanceof NativeVideoDevice nativeDevice) {
                    listControls(nativeDevice, out);
                }
            } catch (V4l2Exception e) {
                out.println(node + ": " + e.getMessage());
            }
        }
        return 0;
    }

    private static void listControls(NativeVideoDevice device, PrintStream out) throws V4l2Exception {
        List<VideoDevice.ControlInfo> controls = device.controls();
        if (controls.isEmpty()) {
            return;
        }
        out.println("    controls:");
        for (VideoDevice.ControlInfo control : controls) {
            StringBuilder line = new StringBuilder("        " + control.name() + ": " + control.minimum() + " to "
                    + control.maximum() + ", default " + control.defaultValue());
            if (control.type() == VideoDevice.ControlInfo.TYPE_MENU) {
                List<String> items = new ArrayList<>();
                for (int i = control.minimum(); i <= control.maximum(); i++) {
                    String item = device.menuItem(control.id(), i);
                    if (item != null) {
                        items.add(i + " " + item);
                    }
                }
                line.append(" (").append(String.join(", ", items)).append(')');
            }
            out.println(line);
        }
    }

    /** The stable names udev made for the node, which survive replugging in another port. */
    private static String aliases(String node) {
        List<String> names = new ArrayList<>();
        for (String folder : List.of("/dev/v4l/by-id", "/dev/v4l/by-path")) {
            try (DirectoryStream<Path> links = Files.newDirectoryStream(Path.of(folder))) {
                for (Path link : links) {
                    if (link.toRealPath().toString().equals(node)) {
                        names.add(link.toString());
                    }
                }
            } catch (IOException e) {
                // No such folder: a device without udev names.
            }
        }
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }
}

package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import nightjar.posix.Posix;

/**
 * Video devices in memory, with the failures of real ones at hand: missing, busy, no permission,
 * unplugged mid-stream, silent. Tests change them while a capture runs.
 */
final class FakeDevices implements Devices {
    /** Each node's behaviour; a node not here does not exist (ENOENT). */
    final Map<String, Node> nodes = new ConcurrentHashMap<>();

    static final class Node {
        volatile int openErrno;
        volatile boolean unplugged;
        volatile boolean silent;
        volatile boolean capture = true;
        volatile List<VideoDevice.PixelFormat> formats = List.of(
                new VideoDevice.PixelFormat(VideoDevice.YUYV, "YUYV 4:2:2"));
        volatile List<VideoDevice.Size> sizes = List.of(new VideoDevice.Size(320, 240), new VideoDevice.Size(640, 480));
        volatile List<VideoDevice.Fraction> intervals = List.of(new VideoDevice.Fraction(1, 30),
                new VideoDevice.Fraction(1, 15));
        /** What a dequeued buffer holds, and how many bytes of it count. */
        volatile byte[] picture = new byte[0];
        volatile int bytesUsed = -1;
        final Map<Integer, Integer> controlValues = new ConcurrentHashMap<>();
        final Map<Integer, VideoDevice.ControlInfo> controls = new LinkedHashMap<>();
        volatile int opens;
        volatile int dequeued;
        volatile int openNow;
        volatile VideoDevice.@Nullable Negotiated negotiated;
        volatile VideoDevice.@Nullable Fraction interval;
    }

    Node add(String path) {
        Node node = new Node();
        nodes.put(path, node);
        return node;
    }

    @Override
    public VideoDevice open(String path) throws V4l2Exception {
        Node node = nodes.get(path);
        if (node == null) {
            throw new V4l2Exception(path + ": open failed: No such file or directory", Posix.ENOENT);
        }
        if (node.openErrno != 0) {
            throw new V4l2Exception(path + ": open failed (errno " + node.openErrno + ")", node.openErrno);
        }
        node.opens++;
        node.openNow++;
        return new Fake(path, node);
    }

    @Override
    public List<String> nodes() {
        return new ArrayList<>(new TreeSet<>(nodes.keySet()));
    }

    private static final class Fake implements VideoDevice {
        private final String path;
        private final Node node;
        private final ByteBuffer[] buffers = new ByteBuffer[4];
        private int next;
        private boolean closed;

        Fake(String path, Node node) {
            this.path = path;
            this.node = node;
        }

        private void check() throws V4l2Exception {
            if (node.unplugged) {
                throw new V4l2Exception(path + ": No such device", Posix.ENODEV);
            }
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public DeviceInfo info() throws V4l2Exception {
            check();
            return new DeviceInfo("fake", "Fake Camera", "test", node.capture
                    ? CAP_VIDEO_CAPTURE | CAP_STREAMING : CAP_META_CAPTURE | CAP_STREAMING);
        }

        @Override
        public List<PixelFormat> formats() throws V4l2Exception {
            check();
            return node.formats;
        }

        @Override
        public List<Size> frameSizes(int pixelFormat) throws V4l2Exception {
            check();
            return node.sizes;
        }

        @Override
        public List<Fraction> frameIntervals(int pixelFormat, int width, int height) throws V4l2Exception {
            check();
            return node.intervals;
        }

        @Override
        public Negotiated setFormat(int pixelFormat, int width, int height) throws V4l2Exception {
            check();
            Negotiated negotiated = new Negotiated(pixelFormat, width, height,
                    pixelFormat == YUYV ? width * 2 : 0, width * height * 2);
            node.negotiated = negotiated;
            return negotiated;
        }

        @Override
        public @Nullable Fraction setFrameInterval(Fraction interval) throws V4l2Exception {
            check();
            node.interval = interval;
            return interval;
        }

        @Override
        public @Nullable ControlInfo queryControl(int id) throws V4l2Exception {
            check();
            return node.controls.get(id);
        }

        @Override
        public void setControl(int id, int value) throws V4l2Exception {
            check();
            node.controlValues.put(id, value);
        }

        @Override
        public void startStreaming(int count) throws V4l2Exception {
            check();
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = ByteBuffer.allocateDirect(Math.max(node.picture.length, 1));
            }
        }

        @Override
        public int dequeue(int timeoutMillis) throws V4l2Exception {
            check();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (node.silent) {
                return -1;
            }
            node.dequeued++;
            int index = next++ % buffers.length;
            byte[] picture = node.picture;
            if (buffers[index].capacity() < picture.length) {
                buffers[index] = ByteBuffer.allocateDirect(picture.length);
            }
            buffers[index].clear();
            buffers[index].put(picture).flip();
            return index;
        }

        @Override
        public int bytesUsed() {
            return node.bytesUsed >= 0 ? node.bytesUsed : node.picture.length;
        }

        @Override
        public ByteBuffer buffer(int index) {
            return buffers[index];
        }

        @Override
        public void queue(int index) throws V4l2Exception {
            check();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                node.openNow--;
            }
        }
    }
}

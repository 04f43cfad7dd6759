package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import nightjar.api.camera.Frame;
import nightjar.api.camera.testing.FakeCamera;
import nightjar.codec.jpeg.Sampling;

/** A session's packets: RTP headers at 90 kHz from capture times, marker bits, and RTCP sender reports. */
class RtpSessionTest {
    private final List<byte[]> rtp = new ArrayList<>();
    private final List<byte[]> rtcp = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(100));

    private final RtpOutput recording = new RtpOutput() {
        @Override
        public void startFrame() {
        }

        @Override
        public void rtp(byte[] rtpHeader, byte[] payloadHeader, byte[] data, int offset, int length) {
            ByteBuffer packet = ByteBuffer.allocate(rtpHeader.length + payloadHeader.length + length);
            packet.put(rtpHeader).put(payloadHeader).put(data, offset, length);
            rtp.add(packet.array());
        }

        @Override
        public void endFrame() {
        }

        @Override
        public void rtcp(byte[] packet) {
            rtcp.add(packet);
        }

        @Override
        public void close() {
        }
    };

    private final RtpSession.Owner owner = new RtpSession.Owner() {
        @Override
        public void failed(RtpSession session, IOException failure) {
            throw new AssertionError(failure);
        }

        @Override
        public void frameProblem(RtpSession session, String problem) {
            throw new AssertionError(problem);
        }

        @Override
        public void recoded(RtpSession session, JpegLayout.Recode reason) {
        }
    };

    @Test
    void timestampsFollowCaptureTimeAndReportsComeEveryFiveSeconds() throws Exception {
        FakeCamera camera = new FakeCamera("front", FakeCamera.streaming(640, 480, 15));
        RtpSession session = new RtpSession("0123456789ABCDEF", camera, Transport.choose("RTP/AVP/TCP", false), recording,
                new RtpJpegForm(1400, false, 85), 0x11223344, 1000, 65534, "nightjar@test", nanos::get, owner);
        String info = session.play("rtsp://h/cameras/front/track1");
        assertEquals("url=rtsp://h/cameras/front/track1;seq=65534;rtptime=1000", info);

        byte[] jpeg = Pictures.ours(320, 240, Sampling.YUV420, 0);
        long start = nanos.get();
        Instant wall = Instant.parse("2026-12-05T08:00:00.25Z");
        for (int i = 0; i < 12; i++) {
            long capture = start + TimeUnit.MILLISECONDS.toNanos(500) * i;
            nanos.set(capture);
            session.sendFrame(new Frame("front", i, capture, wall.plusMillis(500L * i), 320, 240, jpeg.clone()));
        }

        int expectedSequence = 65534;
        int frame = 0;
        for (int i = 0; i < rtp.size(); i++) {
            ByteBuffer packet = ByteBuffer.wrap(rtp.get(i));
            assertEquals(0x80, packet.get(0) & 0xff, "version 2, no padding, extension or CSRC");
            assertEquals(26, packet.get(1) & 0x7f, "payload type 26, JPEG");
            assertEquals(expectedSequence, packet.getShort(2) & 0xffff, "sequence numbers wrap at 65536");
            expectedSequence = (expectedSequence + 1) & 0xffff;
            assertEquals(1000 + 45_000 * frame, packet.getInt(4), "90 kHz from the capture time");
            assertEquals(0x11223344, packet.getInt(8));
            boolean marker = (packet.get(1) & 0x80) != 0;
            boolean lastOfFrame = i == rtp.size() - 1 || ByteBuffer.wrap(rtp.get(i + 1)).getInt(4) != packet.getInt(4);
            assertEquals(lastOfFrame, marker, "the marker bit ends a frame");
            if (marker) {
                frame++;
            }
        }
        assertEquals(12, frame);

        // Reports with the first frame, then with the first frame 5 s or more after the last report: 0, 5 s.
        assertEquals(2, rtcp.size());
        ByteBuffer second = ByteBuffer.wrap(rtcp.get(1));
        assertEquals(0x80, second.get(0) & 0xff);
        assertEquals(200, second.get(1) & 0xff, "sender report");
        assertEquals(6, second.getShort(2));
        assertEquals(0x11223344, second.getInt(4));
        long ntpSeconds = second.getInt(8) & 0xffffffffL;
        long fraction = second.getInt(12) & 0xffffffffL;
        assertEquals(wall.plusSeconds(5).getEpochSecond() + 2_208_988_800L, ntpSeconds);
        assertEquals(0.25, fraction / 4294967296.0, 1e-6);
        assertEquals(1000 + 45_000 * 10, second.getInt(16), "the RTP time of that same capture");
        int packetsBefore = 0;
        for (byte[] packet : rtp) {
            if (ByteBuffer.wrap(packet).getInt(4) < 1000 + 45_000 * 10) {
                packetsBefore++;
            }
        }
        assertEquals(packetsBefore, second.getInt(20), "packets sent before it");
        assertEquals(202, second.get(29) & 0xff, "SDES follows");
        assertTrue(new String(rtcp.get(1), 38, 13, java.nio.charset.StandardCharsets.US_ASCII).equals("nightjar@test"));
        assertEquals(0, rtcp.get(1).length % 4, "32-bit aligned");
    }
}

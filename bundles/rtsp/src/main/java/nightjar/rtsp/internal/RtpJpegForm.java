package nightjar.rtsp.internal;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameForm;
import nightjar.codec.jpeg.JpegException;

/**
 * A frame as RTP/JPEG payloads, computed once per frame by the first client that sends it (on its sender
 * thread, never a camera's delivery thread) and shared by every other: the re-code of a frame the payload
 * cannot carry costs once, whatever the number of clients. One form per server configuration (the
 * payload size and the re-coding rules are part of it).
 */
final class RtpJpegForm implements FrameForm<RtpJpegForm.Prepared> {
    /**
     * @param payloads the packets' payloads, null when the frame cannot be sent
     * @param recoded why the frame was re-coded, null when it went as it was
     * @param problem why the frame cannot be sent, null when it can
     */
    record Prepared(@Nullable RtpJpegPayloads payloads, JpegLayout.@Nullable Recode recoded, @Nullable String problem) {
    }

    private final int maxPayload;
    private final boolean keepRestartMarkers;
    private final int quality;

    /**
     * @param packetSize the largest RTP packet, header included
     * @param keepRestartMarkers whether restart intervals go out as types 64/65 rather than re-coded away
     * @param quality of pictures that are decoded and encoded again
     */
    RtpJpegForm(int packetSize, boolean keepRestartMarkers, int quality) {
        this.maxPayload = packetSize - Rtp.HEADER;
        this.keepRestartMarkers = keepRestartMarkers;
        this.quality = quality;
    }

    @Override
    public Prepared compute(Frame frame) {
        ByteBuffer view = frame.jpeg();
        byte[] jpeg = new byte[view.remaining()];
        view.get(jpeg);
        return prepare(jpeg);
    }

    /** The payloads of one JPEG (owned by the result from now on). */
    Prepared prepare(byte[] jpeg) {
        try {
            JpegLayout layout = JpegLayout.of(jpeg, keepRestartMarkers);
            JpegLayout.Recode reason = layout.reason();
            if (reason == null) {
                return new Prepared(RtpJpegPayloads.of(jpeg, layout, maxPayload), null, null);
            }
            if (reason == JpegLayout.Recode.UNREADABLE) {
                return new Prepared(null, reason, "its coding (progressive, lossless, arithmetic or 12-bit) cannot be "
                        + "sent over RTP/JPEG nor read by our codec");
            }
            byte[] recoded = new Recoder(quality).recode(jpeg, reason);
            JpegLayout again = JpegLayout.of(recoded, keepRestartMarkers);
            if (again.reason() != null) {
                return new Prepared(null, reason, "re-coded, it still cannot be sent (" + again.reason() + ")");
            }
            return new Prepared(RtpJpegPayloads.of(recoded, again, maxPayload), reason, null);
        } catch (JpegLayout.MalformedJpegException | JpegException e) {
            return new Prepared(null, null, "damaged JPEG: " + e.getMessage());
        } catch (RuntimeException e) {
            // Our codec refused what it was given (a table it cannot write): the frame is skipped, not the client.
            return new Prepared(null, null, "could not be re-coded: " + e.getMessage());
        }
    }
}

package nightjar.api.recording;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The clips on the recordings directory, for the web UI and MQTT. */
@ProviderType
public interface RecordingIndex {
    /** The finished clips of a camera that overlap [from, to) (a clip across midnight is in both days), oldest first. */
    List<Clip> clips(String cameraId, Instant from, Instant to);

    /** A clip by its name; empty when the name is malformed or there is no such clip. */
    Optional<Clip> find(String cameraId, String name);

    /** Opens a clip's Ogg file for reading. */
    SeekableByteChannel openVideo(Clip clip) throws IOException;

    /** Opens a clip's poster JPEG for reading. */
    SeekableByteChannel openPoster(Clip clip) throws IOException;

    /**
     * Deletes a finished clip (video, poster and facts).
     *
     * @return false when the name is malformed or there is no such finished clip (nothing deleted)
     */
    boolean delete(String cameraId, String name) throws IOException;
}

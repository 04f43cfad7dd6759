package nightjar.api.camera;

import org.osgi.annotation.versioning.ProviderType;

/** A listener's place in a camera's fan-out. Closing it stops delivery and frees what it held. */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** Stops delivery. Idempotent; a frame being delivered at this moment may still arrive. */
    @Override
    void close();
}

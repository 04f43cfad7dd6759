package nightjar.api.illumination;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The IR illumination (IR LEDs and IR-cut filter). Every change is posted on
 * {@code nightjar/illumination/CHANGED} before the pins move.
 */
@ProviderType
public interface Illumination {
    /** Sets the mode at run time (MQTT's {@code ir/set}, the web UI); the configuration holds the mode after a restart. */
    void setMode(IlluminationMode mode);

    IlluminationStatus status();
}

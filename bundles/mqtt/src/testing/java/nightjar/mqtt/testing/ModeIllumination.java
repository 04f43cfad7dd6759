package nightjar.mqtt.testing;

import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;
import nightjar.api.illumination.IlluminationStatus;

/** An illumination double that only keeps its mode: on in ON, off otherwise. */
public final class ModeIllumination implements Illumination {
    private volatile IlluminationMode mode = IlluminationMode.OFF;

    @Override
    public void setMode(IlluminationMode next) {
        mode = next;
    }

    public IlluminationMode mode() {
        return mode;
    }

    @Override
    public IlluminationStatus status() {
        return new IlluminationStatus(mode, mode == IlluminationMode.ON, "mode", "");
    }
}

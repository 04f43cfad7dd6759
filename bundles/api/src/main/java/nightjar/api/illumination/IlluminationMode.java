package nightjar.api.illumination;

/** How the IR illumination is driven. */
public enum IlluminationMode {
    /** Always on (night view: IR LEDs on, IR-cut filter out). */
    ON,
    /** Always off (day view). */
    OFF,
    /** On at night, off by day, decided from the light sensor, the sun or the picture. */
    AUTO
}

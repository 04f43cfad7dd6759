package nightjar.gpio.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import nightjar.api.illumination.IlluminationMode;

/** The configuration {@code nightjar.gpio}. Pins are BCM numbers; -1 means not connected. */
@ObjectClassDefinition(name = "Nightjar GPIO: IR illumination and status LED",
        description = "IR LEDs, IR-cut filter, light sensor and status LED on the Raspberry Pi's GPIO header. "
                + "Pins are BCM (GPIO) numbers, not header positions; -1 means not connected.")
public @interface GpioConfig {
    @AttributeDefinition(name = "Provider", description = "auto: Pi4J's gpiod provider on a Raspberry Pi, the mock "
            + "provider (drives nothing) anywhere else; gpiod: always Pi4J's gpiod; chardev: the kernel's GPIO "
            + "character device directly, on any board (see chip); mock: never drive a pin.",
            options = {@Option(label = "auto", value = "auto"), @Option(label = "gpiod", value = "gpiod"),
                @Option(label = "chardev", value = "chardev"), @Option(label = "mock", value = "mock")})
    String provider() default "auto";

    @AttributeDefinition(name = "GPIO chip", description = "For provider chardev: the chip the pins are on, by "
            + "device name (gpiochip0) or label (gpioinfo lists both); pins are then its line numbers. Empty: "
            + "the only chip, or a Raspberry Pi's pinctrl chip, whose line numbers are the BCM numbers.")
    String chip() default "";

    @AttributeDefinition(name = "Mode", description = "ON: night view always; OFF: day view always; AUTO: decided "
            + "from the light sensor, else the sun, else the picture. MQTT and the web UI can switch it until a restart.")
    IlluminationMode mode() default IlluminationMode.AUTO;

    @AttributeDefinition(name = "IR LED pin", description = "BCM pin that switches the IR LEDs (through a transistor "
            + "or MOSFET); -1: none.", min = "-1", max = "63")
    int irPin() default 18;

    @AttributeDefinition(name = "IR LED active low", description = "The LEDs are on when the pin is low.")
    boolean irActiveLow() default false;

    @AttributeDefinition(name = "IR-cut filter pin", description = "BCM pin of the IR-cut filter; -1: none. With one "
            + "pin, active puts the filter in front of the sensor (day). With a second pin (an H-bridge), this pin "
            + "is pulsed to put the filter in.", min = "-1", max = "63")
    int irCutPin() default -1;

    @AttributeDefinition(name = "IR-cut filter second pin", description = "For filters driven by two pins through "
            + "an H-bridge: this pin is pulsed to take the filter out (night); -1: a one-pin filter.",
            min = "-1", max = "63")
    int irCutPin2() default -1;

    @AttributeDefinition(name = "IR-cut filter active low", description = "The filter's pin(s) act when low.")
    boolean irCutActiveLow() default false;

    @AttributeDefinition(name = "IR-cut pulse", description = "Milliseconds a two-pin filter's coil is driven.",
            min = "10", max = "2000")
    int irCutPulseMillis() default 150;

    @AttributeDefinition(name = "Light sensor pin", description = "BCM input pin of a light sensor with a digital "
            + "output (an LDR comparator board); -1: none. Active means dark.", min = "-1", max = "63")
    int lightSensorPin() default -1;

    @AttributeDefinition(name = "Light sensor active low", description = "The sensor's output is low when dark.")
    boolean lightSensorActiveLow() default false;

    @AttributeDefinition(name = "Status LED pin", description = "BCM pin of the status LED; -1: none.",
            min = "-1", max = "63")
    int ledPin() default 17;

    @AttributeDefinition(name = "Status LED active low", description = "The LED is lit when the pin is low.")
    boolean ledActiveLow() default false;

    @AttributeDefinition(name = "Latitude", description = "Degrees north (negative: south), e.g. 51.48. With the "
            + "longitude and no light sensor, AUTO follows the sun. Empty: not used.")
    String latitude() default "";

    @AttributeDefinition(name = "Longitude", description = "Degrees east (negative: west), e.g. -0.01.")
    String longitude() default "";

    @AttributeDefinition(name = "Sun elevation", description = "Night is when the sun is lower than this many "
            + "degrees: -0.833 is the published sunset and sunrise, -6 the end of civil twilight.",
            min = "-18", max = "10")
    double sunElevation() default -3;

    @AttributeDefinition(name = "Camera", description = "Id of the camera whose picture decides AUTO when there is "
            + "neither light sensor nor location. Empty: the first camera (by id).")
    String camera() default "";

    @AttributeDefinition(name = "Night below", description = "Mean brightness of the picture (0 to 255) under which "
            + "it is night.", min = "1", max = "254")
    int nightBelow() default 40;

    @AttributeDefinition(name = "Day above", description = "Mean brightness (0 to 255), without what the IR light "
            + "itself adds, over which it is day again. Must be above night below.", min = "2", max = "255")
    int dayAbove() default 70;

    @AttributeDefinition(name = "Hold", description = "Seconds the illumination stays as it is after a change in "
            + "AUTO, whatever the light does.", min = "0", max = "86400")
    int holdSeconds() default 120;

    @AttributeDefinition(name = "Scene analysis interval", description = "Seconds between two pictures analysed "
            + "for brightness.", min = "0.5", max = "60")
    double sceneIntervalSeconds() default 2;
}

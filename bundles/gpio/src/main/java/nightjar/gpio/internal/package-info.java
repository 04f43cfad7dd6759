/** GPIO: the IR illumination (LEDs, IR-cut filter, light sensor, sun, scene) and the status LED, through Pi4J. */
@NullMarked
package nightjar.gpio.internal;

import org.jspecify.annotations.NullMarked;

package nightjar.api.illumination;

/**
 * The illumination at one moment.
 *
 * @param mode how it is driven
 * @param on whether the IR light is on (night view)
 * @param decidedBy what decided the current state in AUTO ({@code sensor}, {@code sun}, {@code scene}),
 *     or {@code mode} when ON or OFF
 * @param message a human-readable explanation of a fault (a pin that cannot be driven), empty when there is none
 */
public record IlluminationStatus(IlluminationMode mode, boolean on, String decidedBy, String message) {
}

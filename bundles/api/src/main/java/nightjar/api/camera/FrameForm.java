package nightjar.api.camera;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A form of a frame's picture that consumers derive from its JPEG (a thumbnail, planes, coefficients),
 * computed at most once per frame: {@link Frame#form} computes it for the first consumer that asks and
 * hands every later one, on any thread, the same value. {@code nightjar.codec} provides the forms; a
 * form is a constant (a frame tells forms apart by identity) and its values are immutable.
 *
 * @param <T> the type of the computed value
 */
@ConsumerType
@FunctionalInterface
public interface FrameForm<T> {
    /**
     * Computes the form from the frame's {@link Frame#jpeg}. A frame that cannot be read should give a
     * value that says so rather than throw: a runtime exception reaches the caller, is not kept, and the
     * next caller computes again.
     */
    T compute(Frame frame);
}

/** The OSGi log service's warnings and errors, written to Nightjar's one log. */
@NullMarked
package nightjar.logging.internal;

import org.jspecify.annotations.NullMarked;

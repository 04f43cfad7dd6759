/** Persistence of Nightjar's configurations as files in config/, whatever changed them. */
@NullMarked
package nightjar.config.internal;

import org.jspecify.annotations.NullMarked;

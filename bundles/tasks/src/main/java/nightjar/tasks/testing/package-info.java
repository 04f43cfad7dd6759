/** For unit tests: a {@link nightjar.tasks.TaskClock} whose time the test moves. */
@NullMarked
package nightjar.tasks.testing;

import org.jspecify.annotations.NullMarked;

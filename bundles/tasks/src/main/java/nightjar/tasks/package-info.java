/**
 * The one way a component makes threads and waits for time: {@link nightjar.tasks.Threads} names,
 * owns and stops them; {@link nightjar.tasks.TaskClock} is time plus a thread to run tasks on, which
 * tests replace with {@code nightjar.tasks.testing.ManualTaskClock}; {@link nightjar.tasks.SummarisedLog}
 * keeps events that come in hundreds to two log lines a minute; {@link nightjar.tasks.SocketAcceptor} accepts
 * a server's connections on a thread of its own. Not an exported package: bnd
 * copies it into each bundle that uses it.
 */
@NullMarked
package nightjar.tasks;

import org.jspecify.annotations.NullMarked;

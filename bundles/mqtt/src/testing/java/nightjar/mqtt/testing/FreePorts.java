package nightjar.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TCP ports for a test's servers: free when asked for, and never the same one twice in this JVM. A port
 * is usually bound a while after it was handed out (when the server starts), and the system hands a port
 * whose socket was closed out again: two asked for one after the other were once the same, and a broker
 * then listened twice on one port and did not start.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port free now that this JVM has not handed out before. */
    public static int next() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

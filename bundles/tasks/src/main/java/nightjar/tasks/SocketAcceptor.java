package nightjar.tasks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening TCP port whose connections are accepted on a thread of its own and handed over as
 * they come, until {@link #close()}. For the servers that are not behind the HTTP service (RTSP, ONVIF's
 * plain HTTP): the consumer owns each socket it is given and must not block for long.
 */
public final class SocketAcceptor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketAcceptor.class);
    private static final int BACKLOG = 50;

    private final ServerSocket server;
    private final String what;
    private final Consumer<Socket> accepted;
    private final Thread thread;

    private SocketAcceptor(ServerSocket server, String what, String threadName, Consumer<Socket> accepted) {
        this.server = server;
        this.what = what;
        this.accepted = accepted;
        this.thread = Threads.thread(threadName, this::acceptUntilClosed);
    }

    /**
     * Binds the port ({@code bind} null: every address; port 0: any free one) and starts accepting.
     *
     * @param what names the port in the log, e.g. "RTSP port 8322"
     * @param threadName the accepting thread's name ({@code nightjar-...})
     */
    public static SocketAcceptor start(String what, String threadName, @Nullable InetAddress bind, int port,
            Consumer<Socket> accepted) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bind, port), BACKLOG);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        SocketAcceptor acceptor = new SocketAcceptor(server, what, threadName, accepted);
        acceptor.thread.start();
        return acceptor;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether the accepting thread still runs: false once closed, or when the port failed. */
    public boolean accepting() {
        return thread.isAlive();
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("{} stopped accepting: {}", what, e.toString());
                }
                return;
            }
            accepted.accept(socket);
        }
    }

    /** Stops listening and waits (up to 5 s) for the accepting thread; connections handed over stay open. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closed anyway.
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

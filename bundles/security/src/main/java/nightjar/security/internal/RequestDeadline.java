package nightjar.security.internal;

import java.util.concurrent.TimeUnit;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off a client that takes more than {@value #DEADLINE_SECONDS} s to send a request, counted
 * from its first byte (slowloris: the request line, then a header byte every few seconds; each byte
 * restarts Jetty's idle timeout, and a few hundred such connections hold every socket and thread).
 * Felix HTTP has no setting for it and Jetty 12 no deadline for a request head, so every HTTP
 * connection of Felix's Jetty is watched: once bytes of a request have come in, the request must be
 * complete within the deadline, or the connection is closed. It counts bytes received only, so an
 * idle keep-alive connection and a stream being sent for hours are not concerned. A request body
 * is part of the request: Nightjar's are small (forms, JSON, a PEM), a bundle uploaded in the web
 * console must come at 250 KB/s or more for a 5 MB jar.
 *
 * <p>Felix HTTP hands each {@link ConnectorFactory} its Jetty server, with its connectors, at each
 * (re)start; this one puts the watch on the server's network connectors and gives Felix back the
 * connector it asks for (Felix takes a {@link ServerConnector} only): one that never opens a
 * socket, so nothing more listens.
 */
@Component(service = ConnectorFactory.class)
public final class RequestDeadline implements ConnectorFactory {
    static final long DEADLINE_SECONDS = 15;
    private static final long CHECK_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    @Override
    public Connector createConnector(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector) {
                connector.addEventListener(new Watch(connector.getScheduler()));
            }
        }
        LOG.info("Requests must arrive within {} s of their first byte", DEADLINE_SECONDS);
        return new Dormant(server);
    }

    /** A connector that never opens a socket nor starts a thread. */
    private static final class Dormant extends ServerConnector {
        Dormant(Server server) {
            super(server, 0, 1);
            setHost("127.0.0.1");
        }

        @Override
        public void open() {
            // Nothing listens.
        }

        @Override
        protected void doStart() {
            // No socket, no selector, no acceptor.
        }

        @Override
        protected void doStop() {
            // Nothing was started.
        }
    }

    /** Starts a check for each HTTP connection (not the TLS below it, whose counters are -1). */
    private record Watch(Scheduler scheduler) implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            if (connection.getMessagesIn() >= 0) {
                new Check(connection, scheduler, new Progress(TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS))).next();
            }
        }
    }

    /** Looks at a connection's counters every second while it is open. */
    private record Check(Connection connection, Scheduler scheduler, Progress progress) implements Runnable {
        void next() {
            scheduler.schedule(this, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            if (progress.overdue(connection.getMessagesIn(), connection.getBytesIn(), System.nanoTime())) {
                // The socket itself: closing the HTTP connection would first answer 500, as for a fault of ours.
                connection.getEndPoint().close();
                return;
            }
            next();
        }
    }

    /**
     * Whether a request has been coming in for longer than the deadline, from a connection's
     * counters: requests whose head is complete, and bytes received. Bytes with no new complete
     * request since start the clock; a new complete request stops it.
     */
    static final class Progress {
        private final long deadlineNanos;
        private long requests;
        private long bytes;
        private boolean pending;
        private long pendingSince;

        Progress(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        boolean overdue(long requestsNow, long bytesNow, long nowNanos) {
            if (requestsNow != requests) {
                requests = requestsNow;
                bytes = bytesNow;
                pending = false;
                return false;
            }
            if (!pending && bytesNow != bytes) {
                pending = true;
                pendingSince = nowNanos;
            }
            return pending && nowNanos - pendingSince > deadlineNanos;
        }
    }
}

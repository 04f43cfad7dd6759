package nightjar.rtsp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.Threads;

/** Accepts connections on one port (RTSPS or plain RTSP) on a thread of its own, and hands them to the service. */
final class RtspListener {
    private static final Logger LOG = LoggerFactory.getLogger(RtspListener.class);

    private final ServerSocket server;
    private final boolean tls;
    private final RtspService service;
    private final Thread thread;

    private RtspListener(ServerSocket server, boolean tls, RtspService service) {
        this.server = server;
        this.tls = tls;
        this.service = service;
        this.thread = Threads.thread("nightjar-rtsp-accept-" + server.getLocalPort(), this::accept);
    }

    /** Binds the port and starts accepting. */
    static RtspListener start(@Nullable InetAddress bind, int port, boolean tls, RtspService service) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(bind, port), 50);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        RtspListener listener = new RtspListener(server, tls, service);
        listener.thread.start();
        return listener;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("RTSP port {} stopped accepting: {}", port(), e.toString());
                }
                return;
            }
            service.accepted(socket, tls);
        }
    }

    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package nightjar.onvif.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.tasks.SocketAcceptor;
import nightjar.tasks.Threads;

/**
 * ONVIF over plain HTTP on a port of its own, for clients that cannot do TLS; off unless configured.
 * The appliance's HTTPS server is not used for it, since its plain HTTP port only redirects to HTTPS.
 * It speaks just what SOAP needs: one POST with a {@code Content-Length} per connection, answered and
 * closed. A request's head must arrive within {@link #HEAD_DEADLINE} (at most {@value #MAX_HEAD_BYTES}
 * bytes) and all of it within {@link #DEADLINE} (body at most {@link SoapEndpoint#MAX_BODY_BYTES}); at
 * most {@value #THREADS} are read at once and {@value #QUEUED} wait, further connections are closed at
 * once. A PullMessages that waits for a message holds no thread: its answer is written when it is there.
 * Closing the server closes every connection still open, so no thread stays blocked on one. A
 * PasswordText token is refused here (nothing is encrypted); only digests, which a listener cannot
 * replay, are taken. Answers carry the security headers of the HTTPS ones, but HSTS (meaningless here).
 */
final class PlainHttpServer implements AutoCloseable {
    static final Duration HEAD_DEADLINE = Duration.ofSeconds(5);
    static final Duration DEADLINE = Duration.ofSeconds(15);
    static final int MAX_HEAD_BYTES = 8192;
    static final int THREADS = 4;
    static final int QUEUED = 8;
    private static final Logger LOG = LoggerFactory.getLogger(PlainHttpServer.class);

    private final SoapEndpoint endpoint;
    private final ThreadPoolExecutor workers;
    /** Set once by start(), before the first connection. */
    private volatile @Nullable SocketAcceptor acceptor;
    /** Connections accepted and not closed yet, those waiting for a pull's answer among them. Guarded by itself. */
    private final Set<Socket> open = new HashSet<>();
    /** Set by close(), under open's lock: a connection accepted after it is closed at once. */
    private boolean closed;

    private PlainHttpServer(SoapEndpoint endpoint) {
        this.endpoint = endpoint;
        this.workers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), Threads.named("nightjar-onvif-http"));
    }

    /** Listens on the port (every address) and serves until closed. */
    static PlainHttpServer start(int port, SoapEndpoint endpoint) throws IOException {
        PlainHttpServer started = new PlainHttpServer(endpoint);
        try {
            started.acceptor = SocketAcceptor.start("ONVIF plain HTTP", "nightjar-onvif-http-accept", null, port,
                    started::accepted);
        } catch (IOException | RuntimeException e) {
            started.workers.shutdownNow();
            throw e;
        }
        return started;
    }

    int port() {
        return acceptor().port();
    }

    private SocketAcceptor acceptor() {
        SocketAcceptor started = acceptor;
        if (started == null) {
            throw new IllegalStateException("not started");
        }
        return started;
    }

    private void accepted(Socket socket) {
        if (!track(socket)) {
            return;
        }
        try {
            workers.execute(() -> serve(socket));
        } catch (RejectedExecutionException e) {
            forget(socket);
        }
    }

    /** Counts the connection as open; false (and closes it) when the server is closed already. */
    private boolean track(Socket socket) {
        synchronized (open) {
            if (!closed) {
                open.add(socket);
                return true;
            }
        }
        closeQuietly(socket);
        return false;
    }

    /** Closes the connection and stops counting it. */
    private void forget(Socket socket) {
        synchronized (open) {
            open.remove(socket);
        }
        closeQuietly(socket);
    }

    /**
     * Reads the request and answers it, at once or, for a PullMessages that waits, when its answer is
     * there; the connection is closed after the answer (or the refusal).
     */
    private void serve(Socket socket) {
        boolean answerLater = false;
        try {
            socket.setSoTimeout((int) HEAD_DEADLINE.toMillis());
            long headDeadline = System.nanoTime() + HEAD_DEADLINE.toNanos();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in, headDeadline);
            if (head == null) {
                respond(out, 400, "text/plain", "Bad request\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3 || !requestLine[1].startsWith("/")) {
                respond(out, 400, "text/plain", "Bad request\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (!requestLine[0].equals("POST")) {
                respond(out, 405, "text/plain", "ONVIF takes SOAP requests by POST\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            long length = -1;
            String host = null;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = parseLength(value);
                    case "transfer-encoding" -> length = -2;
                    case "host" -> host = value;
                    default -> {
                        // Nothing else matters to SOAP.
                    }
                }
            }
            if (length < 0) {
                respond(out, 411, "text/plain", "A Content-Length is required\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (length > SoapEndpoint.MAX_BODY_BYTES) {
                respondSoap(out, Soap.fault(SoapFault.tooLarge(SoapEndpoint.MAX_BODY_BYTES)));
                return;
            }
            byte[] body = readBody(in, (int) length, deadline);
            if (body == null) {
                return;
            }
            String path = requestLine[1].contains("?") ? requestLine[1].substring(0, requestLine[1].indexOf('?'))
                    : requestLine[1];
            CompletableFuture<Soap.Reply> answer = endpoint.answer(new Request(path, body, false,
                    Request.hostFor(hostName(host), socket.getLocalAddress().getHostAddress())));
            Soap.Reply now = answer.getNow(null);
            if (now != null) {
                respondSoap(out, now);
                return;
            }
            // A PullMessages waiting for a message: no thread waits with it; a worker writes the answer.
            answerLater = true;
            answer.whenComplete((reply, failure) -> answerLater(socket, reply));
        } catch (SocketException e) {
            // The client went away or was too slow: nothing to answer.
        } catch (IOException e) {
            LOG.debug("ONVIF plain HTTP request failed: {}", e.toString());
        } catch (RuntimeException | StackOverflowError e) {
            // Not expected (the endpoint answers failures with faults), but a worker must survive it.
            LOG.warn("ONVIF plain HTTP request failed: {}", e.toString());
        } finally {
            if (!answerLater) {
                forget(socket);
            }
        }
    }

    /** Writes a pull's answer on a worker (not on the thread that completed it: a motion event's). */
    private void answerLater(Socket socket, Soap.@Nullable Reply reply) {
        try {
            workers.execute(() -> {
                try {
                    if (reply != null) {
                        respondSoap(socket.getOutputStream(), reply);
                    }
                } catch (IOException e) {
                    // The client went away meanwhile.
                } finally {
                    forget(socket);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping, or too busy to write it: the client asks again.
            forget(socket);
        }
    }

    private static void respondSoap(OutputStream out, Soap.Reply reply) throws IOException {
        respond(out, reply.status(), "application/soap+xml; charset=utf-8", reply.xml().getBytes(StandardCharsets.UTF_8));
    }

    /** The head up to the empty line, or null when it is too long, too slow, or ends early. */
    private static @Nullable String readHead(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0 || System.nanoTime() > deadline) {
                return null;
            }
            head.write(b);
            last = last << 8 | b;
            if (last == 0x0D0A0D0A) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    /** Exactly {@code length} bytes, or null when they end early or come too slowly. */
    private static byte @Nullable [] readBody(InputStream in, int length, long deadline) throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0 || System.nanoTime() > deadline) {
                return null;
            }
            read += n;
        }
        return body;
    }

    private static long parseLength(String value) {
        try {
            return value.matches("[0-9]{1,12}") ? Long.parseLong(value) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The host of a Host header, without its port. */
    private static @Nullable String hostName(@Nullable String header) {
        if (header == null) {
            return null;
        }
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? null : header.substring(0, end + 1);
        }
        int colon = header.indexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    private static void respond(OutputStream out, int status, String type, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + body.length + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff"
                + "\r\nX-Frame-Options: DENY\r\nContent-Security-Policy: " + OnvifContext.CONTENT_SECURITY_POLICY
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            default -> "Internal Server Error";
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a refused connection: nothing to do.
        }
    }

    /** Whether every thread of the server has ended (after {@link #close()}). */
    boolean stopped() {
        SocketAcceptor started = acceptor;
        return workers.isTerminated() && (started == null || !started.accepting());
    }

    @Override
    public void close() {
        SocketAcceptor started = acceptor;
        if (started != null) {
            started.close();
        }
        List<Socket> stillOpen;
        synchronized (open) {
            closed = true;
            stillOpen = List.copyOf(open);
            open.clear();
        }
        // A worker blocked reading one of these returns at once, and a waiting pull's client learns it is over.
        stillOpen.forEach(PlainHttpServer::closeQuietly);
        Threads.stopNow(workers, Duration.ofSeconds(5));
    }
}

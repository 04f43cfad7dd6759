package nightjar.onvif.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * ONVIF over HTTPS: every POST below {@code /onvif/} in the {@link OnvifContext} is one SOAP request
 * for the {@link SoapEndpoint}; a GET of {@code /onvif/snapshot/<camera>.jpg} is a {@link Snapshots} one.
 * A body over {@link SoapEndpoint#MAX_BODY_BYTES} is refused with a fault
 * before it is read (by its length) or as soon as it passes the limit (chunked).
 */
final class OnvifServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SoapEndpoint endpoint;
    private final transient Snapshots snapshots;

    OnvifServlet(SoapEndpoint endpoint, Snapshots snapshots) {
        this.endpoint = endpoint;
        this.snapshots = snapshots;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        Soap.Reply reply;
        long length = request.getContentLengthLong();
        if (length > SoapEndpoint.MAX_BODY_BYTES) {
            reply = Soap.fault(SoapFault.tooLarge(SoapEndpoint.MAX_BODY_BYTES));
            response.setHeader("Connection", "close");
        } else {
            byte[] body = readLimited(request.getInputStream(), SoapEndpoint.MAX_BODY_BYTES);
            if (body == null) {
                reply = Soap.fault(SoapFault.tooLarge(SoapEndpoint.MAX_BODY_BYTES));
                response.setHeader("Connection", "close");
            } else {
                answerLater(request, response, endpoint.answer(new Request(path, body, request.isSecure(),
                        Request.hostFor(request.getServerName(), request.getLocalAddr()))));
                return;
            }
        }
        write(response, reply);
    }

    /**
     * Writes the answer when it is there: at once for most, for a PullMessages when a message comes or its
     * wait is over, without a thread of the server waiting meanwhile.
     */
    private static void answerLater(HttpServletRequest request, HttpServletResponse response,
            CompletableFuture<Soap.Reply> answer) throws IOException {
        Soap.Reply now = answer.getNow(null);
        if (now != null) {
            write(response, now);
            return;
        }
        AsyncContext async = request.startAsync();
        // Our own timeout answers first; this one only ends a request that somehow never got an answer.
        async.setTimeout(PullPoints.MAX_WAIT.plusSeconds(20).toMillis());
        answer.thenAccept(reply -> {
            try {
                async.start(() -> {
                    try {
                        write((HttpServletResponse) async.getResponse(), reply);
                    } catch (IOException | RuntimeException e) {
                        // The client went away meanwhile.
                    } finally {
                        async.complete();
                    }
                });
            } catch (IllegalStateException e) {
                // The request ended meanwhile (the container's timeout): nothing to answer.
            }
        });
    }

    /** GET is for snapshots ({@link Snapshots}); SOAP comes by POST. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (!path.startsWith(Snapshots.PATH)) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "ONVIF takes SOAP requests by POST");
            return;
        }
        Snapshots.Answer answer = snapshots.answer(path, request.getHeader("Authorization"), request.isSecure());
        response.setHeader("Cache-Control", "no-store");
        byte[] jpeg = answer.jpeg();
        if (answer.status() != HttpServletResponse.SC_OK || jpeg == null) {
            if (answer.status() == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Nightjar ONVIF\", charset=\"UTF-8\"");
            }
            response.sendError(answer.status(), answer.message());
            return;
        }
        response.setContentType("image/jpeg");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(jpeg.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(jpeg);
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getContextPath() + (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** The stream's bytes, or null when there are more than {@code limit}. */
    static byte @org.jspecify.annotations.Nullable [] readLimited(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    static void write(HttpServletResponse response, Soap.Reply reply) throws IOException {
        byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
        response.setStatus(reply.status());
        response.setContentType("application/soap+xml; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}

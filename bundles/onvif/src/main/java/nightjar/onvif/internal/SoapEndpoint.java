package nightjar.onvif.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import nightjar.api.security.DeviceCredential;
import nightjar.tasks.TaskClock;

/**
 * Answers one SOAP request, whichever transport brought it: reads the envelope ({@link SafeXml}),
 * checks the WS-UsernameToken unless the operation is one ONVIF lets anyone call (the Core
 * specification's PRE_AUTH class: the clock, the services and capabilities, the host name, which a
 * client needs to authenticate at all), and hands the body's operation to the service of its namespace.
 * Operations are told apart by their namespace and name, not by the path they were sent to (clients send
 * device operations to the media address and the other way round).
 */
final class SoapEndpoint {
    /** Larger than any request an ONVIF client sends (a few KB); the transports refuse bigger bodies unread. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SoapEndpoint.class);
    private static final Set<String> PRE_AUTH = Set.of("GetSystemDateAndTime", "GetServices",
            "GetServiceCapabilities", "GetCapabilities", "GetHostname");

    private static final long REFUSAL_LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final Onvif onvif;
    private final UsernameTokens tokens;
    private long lastRefusalLogged;
    private final DeviceService device;
    private final MediaService media;
    private final EventService events;

    SoapEndpoint(Onvif onvif, PullPoints pullPoints, MotionStates motion, TaskClock clock) {
        this.onvif = onvif;
        this.tokens = new UsernameTokens(clock);
        this.device = new DeviceService(onvif, clock);
        this.media = new MediaService(onvif);
        this.events = new EventService(onvif, pullPoints, motion);
    }

    /**
     * The answer; at once, but for a PullMessages that waits for a message (no thread waits with it). It
     * never completes exceptionally: failures are faults.
     */
    CompletableFuture<Soap.Reply> answer(Request request) {
        try {
            return body(request).handle((body, failure) -> failure == null ? Soap.ok(body) : fault(request, failure));
        } catch (SoapFault fault) {
            return CompletableFuture.completedFuture(Soap.fault(fault));
        } catch (RuntimeException | StackOverflowError e) {
            // A stack overflow is not expected (the parser limits nesting) but must not reach the transport.
            return CompletableFuture.completedFuture(fault(request, e));
        }
    }

    private static Soap.Reply fault(Request request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof SoapFault fault) {
            return Soap.fault(fault);
        }
        LOG.warn("ONVIF request to {} failed: {}", request.path(), cause.toString());
        return Soap.fault(SoapFault.unavailable("Internal error"));
    }

    private CompletableFuture<String> body(Request request) throws SoapFault {
        if (request.body().length > MAX_BODY_BYTES) {
            throw SoapFault.tooLarge(MAX_BODY_BYTES);
        }
        Document document;
        try {
            document = SafeXml.parse(request.body());
        } catch (SafeXml.RefusedXml e) {
            throw SoapFault.badRequest("Refused: " + e.getMessage());
        }
        Element envelope = document.getDocumentElement();
        if (!Soap.ENV.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            throw new SoapFault(true, "ter:WellFormed", null, 400, "Not a SOAP 1.2 envelope");
        }
        Element header = SafeXml.child(envelope, Soap.ENV, "Header");
        Element body = SafeXml.child(envelope, Soap.ENV, "Body");
        Element operation = body == null ? null : SafeXml.children(body).stream().findFirst().orElse(null);
        if (operation == null || operation.getNamespaceURI() == null) {
            throw new SoapFault(true, "ter:WellFormed", null, 400, "The SOAP body names no operation");
        }
        String namespace = operation.getNamespaceURI();
        String name = operation.getLocalName();
        boolean preAuth = Soap.DEVICE.equals(namespace) && PRE_AUTH.contains(name);
        if (!preAuth && !authorised(header, request.secure())) {
            logRefusal(name);
            throw SoapFault.notAuthorized();
        }
        if (Soap.EVENTS.equals(namespace) && name.equals("PullMessages")) {
            return events.pull(operation, request, header);
        }
        return CompletableFuture.completedFuture(switch (namespace) {
            case Soap.DEVICE -> device.answer(name, operation, request);
            case Soap.MEDIA -> media.answer(name, operation, request);
            case Soap.EVENTS, Soap.WSNT -> events.answer(name, operation, request, header);
            default -> throw SoapFault.notSupported("{" + namespace + "}" + name);
        });
    }

    /**
     * One line a minute at most: a client set up with a wrong secret (or a clock far off) repeats its
     * requests, and the person setting it up needs the hint once, not a flood.
     */
    private void logRefusal(String operation) {
        long now = System.nanoTime();
        synchronized (this) {
            if (lastRefusalLogged != 0 && now - lastRefusalLogged < REFUSAL_LOG_INTERVAL_NANOS) {
                return;
            }
            lastRefusalLogged = now;
        }
        LOG.info("ONVIF {} refused: no UsernameToken of the device credential (wrong name or secret, a nonce used "
                + "before, a time more than {} min from ours, or the secret itself without TLS); more in the next "
                + "minute are not logged", operation, UsernameTokens.WINDOW.toMinutes());
    }

    private boolean authorised(@Nullable Element header, boolean secure) {
        DeviceCredential credential = onvif.credential();
        return credential != null && tokens.accepts(SafeXml.child(header, Soap.WSSE, "Security"), credential, secure);
    }
}

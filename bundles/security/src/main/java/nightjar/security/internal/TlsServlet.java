package nightjar.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.stream.JsonWriter;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nightjar.api.http.AccessLevel;
import nightjar.api.http.NightjarAccess;
import nightjar.api.http.NightjarHttp;

/**
 * {@code /api/tls} (admins only, which the servlet context enforces): {@code GET} describes the
 * certificate served, {@code PUT} with {@code Content-Type: application/x-pem-file} installs the
 * user's own (certificate chain and unencrypted key in one PEM text; see {@link OwnCertificate}),
 * {@code DELETE} goes back to the device certificate. HTTPS restarts with the new certificate.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("nightjar.tls")
@HttpWhiteboardServletPattern("/api/tls")
@HttpWhiteboardContextSelect(NightjarHttp.CONTEXT_SELECT)
@NightjarAccess(AccessLevel.ADMIN)
public final class TlsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TlsServlet.class);
    private final transient HttpsComponent https;

    @Activate
    public TlsServlet(@Reference HttpsComponent https) {
        this.https = https;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Optional<OwnCertificate.Installed> own = OwnCertificate.load(https.tlsDirectory());
            X509Certificate served = own.isPresent() ? own.get().certificate()
                    : https.deviceCertificate().certificate();
            json(response, HttpServletResponse.SC_OK, describe(own.isPresent() ? "uploaded" : "device", served));
        } catch (GeneralSecurityException e) {
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "The certificate cannot be read: " + e.getMessage());
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-pem-file")) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Send the PEM text as application/x-pem-file");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(OwnCertificate.MAX_PEM_CHARS + 1);
        }
        if (body.length > OwnCertificate.MAX_PEM_CHARS) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The PEM text is too large");
            return;
        }
        try {
            X509Certificate installed = OwnCertificate.install(https.tlsDirectory(), new String(body, StandardCharsets.US_ASCII));
            LOG.info("{} uploaded a certificate for {}", request.getRemoteUser(), installed.getSubjectX500Principal());
            json(response, HttpServletResponse.SC_OK, describe("uploaded", installed));
            response.flushBuffer();
            https.reload();
        } catch (IllegalArgumentException e) {
            json(response, HttpServletResponse.SC_BAD_REQUEST, error(e.getMessage()));
        } catch (GeneralSecurityException e) {
            json(response, HttpServletResponse.SC_BAD_REQUEST, error("not usable: " + e.getMessage()));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OwnCertificate.remove(https.tlsDirectory());
        LOG.info("{} went back to the device certificate", request.getRemoteUser());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.flushBuffer();
        try {
            https.reload();
        } catch (GeneralSecurityException e) {
            LOG.warn("The device certificate cannot be used: {}", e.getMessage());
        }
    }

    static String describe(String source, X509Certificate certificate) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(a -> names.add(String.valueOf(a.get(1))));
            }
        } catch (CertificateParsingException e) {
            // No names to show.
        }
        String fingerprint;
        try {
            fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            fingerprint = "";
        }
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject().name("source").value(source)
                    .name("subject").value(certificate.getSubjectX500Principal().getName())
                    .name("issuer").value(certificate.getIssuerX500Principal().getName())
                    .name("notAfter").value(certificate.getNotAfter().toInstant().toString())
                    .name("fingerprint").value(fingerprint).name("names").beginArray();
            for (String name : names) {
                json.value(name);
            }
            json.endArray().endObject();
        }
        return scriptSafe(text.toString());
    }

    static String error(String message) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject().name("error").value(message).endObject();
        }
        return scriptSafe(text.toString());
    }

    /**
     * A name in an uploaded certificate can never close a script element of the page showing it. Gson's
     * HTML-safe mode would escape the = of every {@code CN=} too; JSON has <, > and & only inside
     * strings, where their escapes mean the same.
     */
    private static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static void json(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json + "\n");
    }
}

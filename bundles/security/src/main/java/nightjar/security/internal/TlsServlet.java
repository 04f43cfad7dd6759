package nightjar.security.internal;

import java.io.IOException;
import java.io.InputStream;
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

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
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
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!NightjarHttp.ADMIN_ROLE.equals(request.getAttribute(NightjarHttp.ROLE_ATTRIBUTE))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "This is for admins"); // the second line
            return;
        }
        super.service(request, response);
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
            json(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":" + quote(e.getMessage()) + "}");
        } catch (GeneralSecurityException e) {
            json(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":" + quote("not usable: " + e.getMessage()) + "}");
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

    private static String describe(String source, X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(a -> names.add(quote(String.valueOf(a.get(1)))));
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
        return "{\"source\":" + quote(source) + ",\"subject\":" + quote(certificate.getSubjectX500Principal().getName())
                + ",\"issuer\":" + quote(certificate.getIssuerX500Principal().getName())
                + ",\"notAfter\":" + quote(certificate.getNotAfter().toInstant().toString())
                + ",\"fingerprint\":" + quote(fingerprint) + ",\"names\":[" + String.join(",", names) + "]}";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void json(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json + "\n");
    }
}

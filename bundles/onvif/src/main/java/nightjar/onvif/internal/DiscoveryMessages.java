package nightjar.onvif.internal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The WS-Discovery (2005/04, as ONVIF uses it) messages of a NetworkVideoTransmitter: the ProbeMatches
 * that answers a Probe for our types and scopes, and the Hello and Bye that announce us.
 */
final class DiscoveryMessages {
    static final String WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String NETWORK = "http://www.onvif.org/ver10/network/wsdl";
    private static final String TYPES = "dn:NetworkVideoTransmitter tds:Device";
    private static final String NAMESPACES = " xmlns:env=\"" + Soap.ENV + "\" xmlns:wsa=\"" + WSA + "\" xmlns:wsd=\""
            + WSD + "\" xmlns:dn=\"" + NETWORK + "\" xmlns:tds=\"" + Soap.DEVICE + "\"";

    private final String endpointReference;
    private final List<String> scopes;
    private final long instanceId;
    private final AtomicLong messageNumber = new AtomicLong();

    DiscoveryMessages(String endpointReference, List<String> scopes, long instanceId) {
        this.endpointReference = endpointReference;
        this.scopes = List.copyOf(scopes);
        this.instanceId = instanceId;
    }

    /** The answer to a probe, or null when it is not a Probe or asks for types or scopes we do not have. */
    @Nullable
    String answer(byte[] probe, String xAddrs) {
        Document document;
        try {
            document = SafeXml.parse(probe);
        } catch (SafeXml.RefusedXml e) {
            return null;
        }
        Element envelope = document.getDocumentElement();
        Element header = SafeXml.child(envelope, Soap.ENV, "Header");
        Element body = SafeXml.child(SafeXml.child(envelope, Soap.ENV, "Body"), WSD, "Probe");
        if (!Soap.ENV.equals(envelope.getNamespaceURI()) || body == null) {
            return null;
        }
        if (!typesMatch(SafeXml.child(body, WSD, "Types")) || !scopesMatch(SafeXml.text(SafeXml.child(body, WSD,
                "Scopes")))) {
            return null;
        }
        String messageId = SafeXml.text(SafeXml.child(header, WSA, "MessageID"));
        return envelope("http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches",
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous", messageId,
                "<wsd:ProbeMatches><wsd:ProbeMatch>" + description(xAddrs) + "</wsd:ProbeMatch></wsd:ProbeMatches>");
    }

    String hello(String xAddrs) {
        return envelope("http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello",
                "urn:schemas-xmlsoap-org:ws:2005:04:discovery", null, "<wsd:Hello>" + description(xAddrs) + "</wsd:Hello>");
    }

    String bye() {
        return envelope("http://schemas.xmlsoap.org/ws/2005/04/discovery/Bye",
                "urn:schemas-xmlsoap-org:ws:2005:04:discovery", null, "<wsd:Bye><wsa:EndpointReference><wsa:Address>"
                        + Soap.escape(endpointReference) + "</wsa:Address></wsa:EndpointReference></wsd:Bye>");
    }

    private String description(String xAddrs) {
        return "<wsa:EndpointReference><wsa:Address>" + Soap.escape(endpointReference)
                + "</wsa:Address></wsa:EndpointReference><wsd:Types>" + TYPES + "</wsd:Types><wsd:Scopes>"
                + Soap.escape(String.join(" ", scopes)) + "</wsd:Scopes><wsd:XAddrs>" + Soap.escape(xAddrs)
                + "</wsd:XAddrs><wsd:MetadataVersion>1</wsd:MetadataVersion>";
    }

    private String envelope(String action, String to, @Nullable String relatesTo, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope" + NAMESPACES + "><env:Header>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + (relatesTo == null ? "" : "<wsa:RelatesTo>" + Soap.escape(relatesTo) + "</wsa:RelatesTo>")
                + "<wsa:To>" + to + "</wsa:To><wsa:Action>" + action + "</wsa:Action>"
                + "<wsd:AppSequence InstanceId=\"" + instanceId + "\" MessageNumber=\"" + messageNumber.incrementAndGet()
                + "\"/></env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    /** Every type asked for is one of ours (none asked: any device matches). */
    private static boolean typesMatch(@Nullable Element types) {
        String text = SafeXml.text(types);
        if (types == null || text == null || text.isEmpty()) {
            return true;
        }
        for (String qualified : text.split("\\s+")) {
            int colon = qualified.indexOf(':');
            String prefix = colon < 0 ? null : qualified.substring(0, colon);
            String local = qualified.substring(colon + 1);
            String namespace = types.lookupNamespaceURI(prefix);
            boolean ours = NETWORK.equals(namespace) && local.equals("NetworkVideoTransmitter")
                    || Soap.DEVICE.equals(namespace) && local.equals("Device");
            if (!ours) {
                return false;
            }
        }
        return true;
    }

    /** Every scope asked for is one of ours or a prefix of one, segment by segment (RFC 3986 matching). */
    private boolean scopesMatch(@Nullable String requested) {
        if (requested == null || requested.isEmpty()) {
            return true;
        }
        for (String scope : requested.split("\\s+")) {
            String wanted = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
            if (scopes.stream().noneMatch(ours -> ours.equals(wanted) || ours.startsWith(wanted + "/"))) {
                return false;
            }
        }
        return true;
    }
}

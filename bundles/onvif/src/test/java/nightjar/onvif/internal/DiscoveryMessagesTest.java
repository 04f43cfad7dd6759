package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DiscoveryMessagesTest {
    private static final String XADDRS = "https://192.0.2.7:8443/onvif/device_service";
    private final DiscoveryMessages messages = new DiscoveryMessages("urn:uuid:6a1e1f4c-3b43-4b5c-9a52-0d1c2b3a4f5e",
            Scopes.of(new Fakes.Device()), 1764921600);

    /** A probe as the npm package {@code onvif} sends it (Discovery.probe). */
    static String probe(String types, String scopes) {
        return "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:dn=\"http://www.onvif.org/ver10/"
                + "network/wsdl\"><Header><wsa:MessageID xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">"
                + "urn:uuid:1234</wsa:MessageID><wsa:To xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">"
                + "urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To><wsa:Action xmlns:wsa=\"http://schemas.xmlsoap."
                + "org/ws/2004/08/addressing\">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>"
                + "</Header><Body><Probe xmlns=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\"><Types>" + types
                + "</Types><Scopes>" + scopes + "</Scopes></Probe></Body></Envelope>";
    }

    @Test
    void aProbeForAVideoTransmitterIsAnsweredWithOurAddresses() throws Exception {
        String answer = messages.answer(probe("dn:NetworkVideoTransmitter", "").getBytes(StandardCharsets.UTF_8), XADDRS);
        assertNotNull(answer);
        Element envelope = SafeXml.parse(answer.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        Element header = SafeXml.child(envelope, Soap.ENV, "Header");
        assertEquals("urn:uuid:1234", SafeXml.text(SafeXml.child(header, DiscoveryMessages.WSA, "RelatesTo")));
        Element match = SafeXml.child(SafeXml.child(SafeXml.child(envelope, Soap.ENV, "Body"), DiscoveryMessages.WSD,
                "ProbeMatches"), DiscoveryMessages.WSD, "ProbeMatch");
        assertEquals(XADDRS, SafeXml.text(SafeXml.child(match, DiscoveryMessages.WSD, "XAddrs")));
        assertEquals("urn:uuid:6a1e1f4c-3b43-4b5c-9a52-0d1c2b3a4f5e", SafeXml.text(SafeXml.child(SafeXml.child(match,
                DiscoveryMessages.WSA, "EndpointReference"), DiscoveryMessages.WSA, "Address")));
        assertTrue(SafeXml.text(SafeXml.child(match, DiscoveryMessages.WSD, "Scopes"))
                .contains("onvif://www.onvif.org/Profile/Streaming"));
    }

    @Test
    void probesForAnyDeviceOrOurScopesMatch() {
        assertNotNull(messages.answer(probe("", "").getBytes(StandardCharsets.UTF_8), XADDRS));
        assertNotNull(messages.answer(probe("", "onvif://www.onvif.org/Profile").getBytes(StandardCharsets.UTF_8), XADDRS));
    }

    @Test
    void probesForOtherTypesOrScopesAndHostileOnesAreIgnored() {
        assertNull(messages.answer(probe("dn:NetworkVideoDisplay", "").getBytes(StandardCharsets.UTF_8), XADDRS));
        assertNull(messages.answer(probe("", "onvif://www.onvif.org/Profile/G").getBytes(StandardCharsets.UTF_8), XADDRS));
        assertNull(messages.answer(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + probe("&e;", ""))
                .getBytes(StandardCharsets.UTF_8), XADDRS));
        assertNull(messages.answer("garbage".getBytes(StandardCharsets.UTF_8), XADDRS));
    }

    @Test
    void helloAndByeNameTheDevice() throws Exception {
        for (String message : List.of(messages.hello(XADDRS), messages.bye())) {
            Element envelope = SafeXml.parse(message.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            assertTrue(message.contains("<wsa:Address>urn:uuid:6a1e1f4c-3b43-4b5c-9a52-0d1c2b3a4f5e</wsa:Address>"));
            assertNotNull(SafeXml.child(envelope, Soap.ENV, "Body"));
        }
        assertTrue(messages.hello(XADDRS).contains("<wsd:XAddrs>" + XADDRS + "</wsd:XAddrs>"));
    }
}

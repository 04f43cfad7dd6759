package nightjar.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Transport header: what clients offer, what this server takes. */
class TransportTest {
    @Test
    void theFirstTransportOfferedThatIsServedIsTaken() {
        Transport udp = Transport.choose("RTP/AVP;unicast;client_port=5000-5001", true);
        assertTrue(udp.udp());
        assertEquals(5000, udp.clientPort());
        assertEquals(5001, udp.clientRtcpPort());
        assertEquals("RTP/AVP;unicast;client_port=5000-5001;server_port=6000-6001;ssrc=0000ABCD", udp.describe(6000, 0xABCD));

        Transport tcp = Transport.choose("RTP/AVP/UDP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=2-3", false);
        assertTrue(tcp.interleaved());
        assertEquals(2, tcp.channel());
        assertEquals(0, Transport.choose("RTP/AVP/TCP;unicast", false).channel());
        assertEquals(7001, Transport.choose("RTP/AVP;unicast;client_port=7000", true).clientRtcpPort());
    }

    @Test
    void multicastRecordingAndBrokenNumbersAreNotServed() {
        assertNull(Transport.choose("RTP/AVP;multicast;client_port=5000-5001", true));
        assertNull(Transport.choose("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", true));
        assertNull(Transport.choose("RTP/AVP;unicast", true), "UDP needs the client's ports");
        assertNull(Transport.choose("RTP/AVP;unicast;client_port=65535-65536", true));
        assertNull(Transport.choose("RTP/AVP;unicast;client_port=x-y", true));
        assertNull(Transport.choose("RTP/AVP/TCP;interleaved=255-256", true));
        assertNull(Transport.choose("RAW/RAW/UDP;unicast;client_port=5000-5001", true));
        assertNull(Transport.choose("", true));
    }
}

package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProbeSendersTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final ProbeSenders senders = new ProbeSenders(nanos::get);

    ProbeSendersTest() throws UnknownHostException {
        senders.subnets(List.of(new ProbeSenders.Subnet(address("192.168.1.20"), 24),
                new ProbeSenders.Subnet(address("fe80::1"), 64)));
    }

    @Test
    void aSenderOnOurSubnetIsAnsweredAnOffSubnetOrForgedOneIsNot() throws Exception {
        assertTrue(senders.mayAnswer(address("192.168.1.77")), "an NVR on the local network");
        assertTrue(senders.mayAnswer(address("fe80::abcd")), "an NVR by its link-local IPv6 address");
        assertFalse(senders.mayAnswer(address("203.0.113.9")), "an internet address (forged or routed)");
        assertFalse(senders.mayAnswer(address("192.168.2.77")), "the next subnet");
        assertFalse(senders.mayAnswer(address("192.168.1.255")), "our subnet's broadcast address");
        assertFalse(senders.mayAnswer(address("239.255.255.250")), "a multicast group");
        assertFalse(senders.mayAnswer(address("0.0.0.0")), "no address");
        assertFalse(senders.mayAnswer(address("2001:db8::1")), "a global IPv6 address off our prefix");
    }

    @Test
    void nothingIsAnsweredBeforeAnInterfaceIsJoined() throws Exception {
        ProbeSenders none = new ProbeSenders(nanos::get);
        assertFalse(none.mayAnswer(address("192.168.1.77")));
    }

    @Test
    void oneSenderCannotUseUpTheBudgetOfTheOthers() throws Exception {
        InetAddress flooder = address("192.168.1.66");
        for (int i = 0; i < ProbeSenders.PER_SENDER_PER_SECOND; i++) {
            assertTrue(senders.mayAnswer(flooder));
        }
        for (int i = 0; i < 100; i++) {
            assertFalse(senders.mayAnswer(flooder), "over its own limit");
        }
        assertTrue(senders.mayAnswer(address("192.168.1.77")), "another sender in the same second");
        nanos.addAndGet(1_000_000_000L);
        assertTrue(senders.mayAnswer(flooder), "the next second");
    }

    @Test
    void allSendersTogetherAreLimited() throws Exception {
        for (int host = 1; host <= ProbeSenders.PER_SECOND; host++) {
            assertTrue(senders.mayAnswer(address("192.168.1." + host)));
        }
        assertFalse(senders.mayAnswer(address("192.168.1.200")));
        nanos.addAndGet(1_000_000_000L);
        assertTrue(senders.mayAnswer(address("192.168.1.200")));
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}

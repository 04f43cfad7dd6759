package nightjar.mdns.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the responder's tests read from the datagrams it sends, and the addresses they write. */
final class DnsTesting {
    private DnsTesting() {
    }

    /** The port of an SRV record: its data is priority, weight, port, target. */
    static int port(DnsRecord srv) {
        return ((srv.data()[4] & 0xff) << 8) | (srv.data()[5] & 0xff);
    }

    /** A datagram the responder sent, which must be a DNS message. */
    static DnsMessage parse(byte[] message) {
        try {
            return DnsMessage.parse(message);
        } catch (DnsMessage.MalformedException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv4 address written as a literal, such as "10.0.0.5". */
    static Inet4Address ipv4(String address) {
        try {
            return (Inet4Address) InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

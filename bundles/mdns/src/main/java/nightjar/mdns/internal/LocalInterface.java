package nightjar.mdns.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/** A network interface mDNS runs on, with its IPv4 addresses and their prefix lengths. */
record LocalInterface(String name, List<Subnet> subnets) {
    LocalInterface {
        subnets = List.copyOf(subnets);
    }

    record Subnet(Inet4Address address, int prefixLength) {
        boolean contains(InetAddress other) {
            if (!(other instanceof Inet4Address)) {
                return false;
            }
            int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            return (toInt(address) & mask) == (toInt((Inet4Address) other) & mask);
        }

        private static int toInt(Inet4Address address) {
            byte[] bytes = address.getAddress();
            return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
        }
    }

    List<Inet4Address> addresses() {
        return subnets.stream().map(Subnet::address).toList();
    }

    /** Whether a sender at {@code address} is on this interface's link (or is this machine here). */
    boolean reaches(InetAddress address) {
        return subnets.stream().anyMatch(subnet -> subnet.contains(address));
    }
}

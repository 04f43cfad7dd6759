package nightjar.onvif.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which WS-Discovery senders get an answer. A ProbeMatches is eight times the size of a Probe, and UDP
 * senders are easily forged, so only senders inside a subnet of an interface discovery listens on are
 * answered (an NVR looking for cameras is on the same network; a forged internet address is not), never
 * a multicast, broadcast or unspecified address; each sender gets at most {@value #PER_SENDER_PER_SECOND}
 * answers a second, and all together at most {@value #PER_SECOND}, so one sender cannot use up the
 * budget of the others.
 */
final class ProbeSenders {
    static final int PER_SECOND = 20;
    static final int PER_SENDER_PER_SECOND = 2;
    private static final long SECOND_NANOS = 1_000_000_000L;

    /** A network: the address of one of our interfaces and the length of its prefix. */
    record Subnet(InetAddress address, int prefixLength) {
        boolean contains(InetAddress other) {
            byte[] ours = address.getAddress();
            byte[] theirs = other.getAddress();
            if (ours.length != theirs.length || prefixLength <= 0) {
                return false;
            }
            for (int bit = 0; bit < Math.min(prefixLength, ours.length * 8); bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((ours[bit / 8] & mask) != (theirs[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the address is the subnet's IPv4 broadcast address (all host bits set). */
        boolean isBroadcast(InetAddress other) {
            byte[] theirs = other.getAddress();
            if (theirs.length != 4 || prefixLength >= 31 || !contains(other)) {
                return false;
            }
            for (int bit = prefixLength; bit < 32; bit++) {
                if ((theirs[bit / 8] & (0x80 >> (bit % 8))) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private final LongSupplier nanos;
    private List<Subnet> subnets = List.of();
    private long second = Long.MIN_VALUE;
    private int answered;
    /** Answers per sender in this second; only answered senders are in it, so it holds at most PER_SECOND. */
    private final Map<InetAddress, Integer> answeredTo = new HashMap<>();

    ProbeSenders(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The subnets of the interfaces discovery listens on now. */
    synchronized void subnets(List<Subnet> current) {
        subnets = List.copyOf(current);
    }

    /** Whether to answer this sender now; counts the answer when so. */
    synchronized boolean mayAnswer(InetAddress sender) {
        if (sender.isMulticastAddress() || sender.isAnyLocalAddress() || !onOurNetwork(sender)) {
            return false;
        }
        long now = Math.floorDiv(nanos.getAsLong(), SECOND_NANOS);
        if (now != second) {
            second = now;
            answered = 0;
            answeredTo.clear();
        }
        int toSender = answeredTo.getOrDefault(sender, 0);
        if (toSender >= PER_SENDER_PER_SECOND || answered >= PER_SECOND) {
            return false;
        }
        answered++;
        answeredTo.put(sender, toSender + 1);
        return true;
    }

    private boolean onOurNetwork(InetAddress sender) {
        if (sender.isLoopbackAddress()) {
            return true;
        }
        boolean inside = false;
        for (Subnet subnet : subnets) {
            if (subnet.isBroadcast(sender)) {
                return false;
            }
            inside |= subnet.contains(sender);
        }
        return inside;
    }
}

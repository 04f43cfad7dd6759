package nightjar.mdns.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** UDP 5353 on the interfaces mDNS runs on: {@link MulticastLink}, or a test's fake. */
interface Network extends Responder.Link, AutoCloseable {
    /** The interfaces to advertise on now (joining the mDNS group on new ones). */
    List<LocalInterface> interfaces() throws IOException;

    @Override
    void close();

    /** Opens the network; {@code receiver} gets every datagram that arrives, on the network's thread. */
    interface Opener {
        Network open(Set<String> interfaces, BiConsumer<byte[], InetSocketAddress> receiver) throws IOException;
    }
}

package nightjar.mdns.internal;

import java.net.Inet4Address;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Another mDNS responder on this machine that publishes its {@code .local} name: avahi-daemon. */
interface HostNameOwner {
    /**
     * Whether one runs, and the name it publishes for one of {@code addresses} (null when it runs but
     * does not say); null when none runs.
     */
    @Nullable
    Found find(List<Inet4Address> addresses);

    record Found(@Nullable DnsName hostName) {
    }
}

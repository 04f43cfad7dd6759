package nightjar.mdns.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** The mDNS settings, checked once, and what they make of the appliance's ports and names. */
record MdnsSettings(boolean enabled, String instanceName, HostNameMode hostName, Path avahiSocket, Set<String> interfaces) {
    static MdnsSettings of(MdnsConfig config) {
        String instance = config.instanceName().strip();
        if (instance.getBytes(StandardCharsets.UTF_8).length > DnsName.MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("instanceName has at most 63 bytes (UTF-8): " + instance);
        }
        if (instance.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("instanceName has a control character");
        }
        if (config.avahiSocket().isBlank()) {
            throw new IllegalArgumentException("avahiSocket is empty (the default is /run/avahi-daemon/socket)");
        }
        List<String> interfaces = new ArrayList<>();
        for (String name : config.interfaces()) {
            if (!name.isBlank()) {
                interfaces.add(name.strip());
            }
        }
        return new MdnsSettings(config.enabled(), instance, config.hostName(), Path.of(config.avahiSocket()),
                Set.copyOf(interfaces));
    }

    /**
     * The host's label from the first of the appliance's names ({@code raspberrypi} of
     * {@code raspberrypi.example.net}); {@code nightjar} when that is an address or no DNS label.
     */
    static String hostLabel(List<String> applianceNames) {
        String name = applianceNames.isEmpty() ? "" : applianceNames.get(0);
        String label = name.contains(":") ? "" : name.split("\\.", 2)[0];
        boolean usable = label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?") && !label.matches("[0-9]+")
                && !label.toLowerCase(Locale.ROOT).equals("localhost");
        return usable ? label : "nightjar";
    }

    /**
     * What to advertise: HTTPS on {@code httpsPort}; RTSPS and plain RTSP on the ports the RTSP server
     * serves; the host's address records unless {@code other} (avahi) publishes them, in which case the
     * services point to the name it publishes.
     */
    Advertisement advertisement(String hostLabel, int httpsPort, OptionalInt rtspsPort, OptionalInt rtspPort,
            HostNameOwner.@Nullable Found other) {
        DnsName ownName = DnsName.of(hostLabel).under(DnsName.LOCAL);
        boolean ownsHost = switch (hostName) {
            case PUBLISH -> true;
            case NEVER -> false;
            case AUTO -> other == null;
        };
        DnsName target = ownName;
        if (!ownsHost && other != null && other.hostName() != null) {
            target = other.hostName();
        }
        List<Advertisement.Service> services = new ArrayList<>();
        services.add(new Advertisement.Service("_https._tcp", httpsPort, List.of("path=/")));
        rtspsPort.ifPresent(port -> services.add(new Advertisement.Service("_rtsps._tcp", port, List.of())));
        rtspPort.ifPresent(port -> services.add(new Advertisement.Service("_rtsp._tcp", port, List.of())));
        String instance = instanceName.isEmpty() ? truncated("Nightjar " + hostLabel) : instanceName;
        return new Advertisement(instance, target, ownsHost, services);
    }

    private static String truncated(String name) {
        String result = name;
        while (result.getBytes(StandardCharsets.UTF_8).length > DnsName.MAX_LABEL_BYTES) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}

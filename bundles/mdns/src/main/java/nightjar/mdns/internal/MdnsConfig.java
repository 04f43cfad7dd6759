package nightjar.mdns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Nightjar mDNS",
        description = "Advertises the web UI (_https._tcp) and the RTSP server (_rtsps._tcp, _rtsp._tcp) over "
                + "mDNS/DNS-SD, so phones, Home Assistant and NVRs find the camera without an address.")
@interface MdnsConfig {
    @AttributeDefinition(name = "Enabled", description = "Advertise over mDNS (UDP 5353).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance name", description = "The name people see in a list of devices "
            + "(at most 63 bytes); empty: Nightjar <host name>.")
    String instanceName() default "";

    @AttributeDefinition(name = "Host name", description = "Who answers for <host>.local. auto: avahi-daemon "
            + "when it runs (Nightjar then advertises only its services), else Nightjar. publish: always "
            + "Nightjar (with avahi running, avahi may rename the host). never: never Nightjar.",
            options = {@Option(label = "auto", value = "AUTO"), @Option(label = "publish", value = "PUBLISH"),
                    @Option(label = "never", value = "NEVER")})
    HostNameMode hostName() default HostNameMode.AUTO;

    @AttributeDefinition(name = "avahi socket", description = "avahi-daemon's socket, by which Nightjar "
            + "tells that avahi runs and which host name it publishes.")
    String avahiSocket() default "/run/avahi-daemon/socket";

    @AttributeDefinition(name = "Interfaces", description = "Network interfaces to advertise on (e.g. "
            + "eth0, wlan0); empty: every interface that is up and has an IPv4 address.")
    String[] interfaces() default {};
}

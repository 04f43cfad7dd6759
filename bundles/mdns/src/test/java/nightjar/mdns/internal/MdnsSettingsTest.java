package nightjar.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class MdnsSettingsTest {
    static MdnsSettings settings(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return MdnsSettings.of(Converters.standardConverter().convert(properties).to(MdnsConfig.class));
    }

    @Test
    void byDefaultOnWithTheHostInTheNameAndHttpsAtTheRoot() throws Exception {
        MdnsSettings settings = settings();
        assertTrue(settings.enabled());
        Advertisement advertisement = settings.advertisement("pi", 8443, OptionalInt.empty(), OptionalInt.empty(), null);
        assertEquals("Nightjar pi", advertisement.instance());
        assertEquals(DnsName.of("pi.local"), advertisement.host());
        assertTrue(advertisement.ownsHost());
        assertEquals(List.of(new Advertisement.Service("_https._tcp", 8443, List.of("path=/"))), advertisement.services());
        Inet4Address address = (Inet4Address) InetAddress.getByName("10.0.0.5");
        assertTrue(advertisement.records(List.of(address)).contains(DnsRecord.a(DnsName.of("pi.local"), address)));
    }

    @Test
    void theRtspServersPortsAreAdvertisedEachAsItsProtocol() {
        Advertisement advertisement = settings().advertisement("pi", 8443, OptionalInt.of(8322), OptionalInt.of(8554), null);
        assertEquals(List.of("_https._tcp 8443", "_rtsps._tcp 8322", "_rtsp._tcp 8554"),
                advertisement.services().stream().map(s -> s.type() + " " + s.port()).toList());
    }

    @Test
    void withAvahiRunningTheServicesPointToItsNameAndNoAddressIsOurs() throws Exception {
        HostNameOwner.Found avahi = new HostNameOwner.Found(DnsName.of("pi-2.local"));
        Advertisement advertisement = settings().advertisement("pi", 8443, OptionalInt.empty(), OptionalInt.empty(), avahi);
        assertFalse(advertisement.ownsHost());
        assertEquals(DnsName.of("pi-2.local"), advertisement.host());
        Inet4Address address = (Inet4Address) InetAddress.getByName("10.0.0.5");
        assertTrue(advertisement.records(List.of(address)).stream().noneMatch(r -> r.type() == DnsRecord.A));

        Advertisement unnamed = settings().advertisement("pi", 8443, OptionalInt.empty(), OptionalInt.empty(),
                new HostNameOwner.Found(null));
        assertFalse(unnamed.ownsHost());
        assertEquals(DnsName.of("pi.local"), unnamed.host());
    }

    @Test
    void hostNameSettingOverridesWhatIsFound() {
        HostNameOwner.Found avahi = new HostNameOwner.Found(DnsName.of("pi.local"));
        assertTrue(settings("hostName", "PUBLISH").advertisement("pi", 1, OptionalInt.empty(), OptionalInt.empty(), avahi)
                .ownsHost());
        assertFalse(settings("hostName", "NEVER").advertisement("pi", 1, OptionalInt.empty(), OptionalInt.empty(), null)
                .ownsHost());
    }

    @Test
    void theHostLabelIsTheFirstNamesFirstLabel() {
        assertEquals("raspberrypi", MdnsSettings.hostLabel(List.of("raspberrypi", "raspberrypi.local")));
        assertEquals("cam", MdnsSettings.hostLabel(List.of("cam.example.net")));
        assertEquals("nightjar", MdnsSettings.hostLabel(List.of("192.168.1.4")));
        assertEquals("nightjar", MdnsSettings.hostLabel(List.of("fe80::1")));
        assertEquals("nightjar", MdnsSettings.hostLabel(List.of("localhost")));
        assertEquals("nightjar", MdnsSettings.hostLabel(List.of("under_score")));
        assertEquals("nightjar", MdnsSettings.hostLabel(List.of()));
    }

    @Test
    void anInstanceNameIsOneLabel() {
        assertEquals("Kitchen. Cam", settings("instanceName", " Kitchen. Cam ").instanceName());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> settings("instanceName", "ü".repeat(32)));
        assertTrue(tooLong.getMessage().startsWith("instanceName has at most 63 bytes"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings("instanceName", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> settings("avahiSocket", " "));
        assertEquals("Nightjar " + "h".repeat(54), settings().advertisement("h".repeat(63), 1, OptionalInt.empty(),
                OptionalInt.empty(), null).instance(), "the default name is cut to 63 bytes");
    }
}

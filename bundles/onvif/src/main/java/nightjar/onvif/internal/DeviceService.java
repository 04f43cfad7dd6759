package nightjar.onvif.internal;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HexFormat;

import org.w3c.dom.Element;

import nightjar.tasks.TaskClock;

/** ONVIF's device service ({@code ver10/device/wsdl}): who the device is, what it offers and where. */
final class DeviceService {
    private final Onvif onvif;
    private final TaskClock clock;

    DeviceService(Onvif onvif, TaskClock clock) {
        this.onvif = onvif;
        this.clock = clock;
    }

    String answer(String operation, Element request, Request call) throws SoapFault {
        return switch (operation) {
            case "GetSystemDateAndTime" -> systemDateAndTime();
            case "GetDeviceInformation" -> "<tds:GetDeviceInformationResponse>"
                    + "<tds:Manufacturer>Nightjar</tds:Manufacturer><tds:Model>Nightjar camera</tds:Model>"
                    + "<tds:FirmwareVersion>" + Soap.escape(onvif.version()) + "</tds:FirmwareVersion>"
                    + "<tds:SerialNumber>" + Soap.escape(serialNumber()) + "</tds:SerialNumber>"
                    + "<tds:HardwareId>nightjar</tds:HardwareId></tds:GetDeviceInformationResponse>";
            case "GetCapabilities" -> capabilities(call);
            case "GetServices" -> services(call, "true".equals(SafeXml.text(SafeXml.child(request, Soap.DEVICE,
                    "IncludeCapability"))));
            case "GetServiceCapabilities" -> "<tds:GetServiceCapabilitiesResponse>" + deviceServiceCapabilities()
                    + "</tds:GetServiceCapabilitiesResponse>";
            case "GetScopes" -> scopes();
            case "GetHostname" -> "<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP>"
                    + Soap.tt("Name", onvif.hostName()) + "</tds:HostnameInformation></tds:GetHostnameResponse>";
            case "GetNetworkInterfaces" -> networkInterfaces();
            default -> throw SoapFault.notSupported(operation);
        };
    }

    /** The endpoint reference's UUID: stable, unique to this appliance. */
    private String serialNumber() {
        return onvif.endpointReference().replace("urn:uuid:", "");
    }

    private String systemDateAndTime() {
        ZonedDateTime now = clock.now().atZone(ZoneOffset.UTC);
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                + "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
                + "<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
                + "<tt:UTCDateTime><tt:Time><tt:Hour>" + now.getHour() + "</tt:Hour><tt:Minute>" + now.getMinute()
                + "</tt:Minute><tt:Second>" + now.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>"
                + now.getYear() + "</tt:Year><tt:Month>" + now.getMonthValue() + "</tt:Month><tt:Day>"
                + now.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    private String capabilities(Request call) {
        return "<tds:GetCapabilitiesResponse><tds:Capabilities>"
                + "<tt:Device>" + Soap.tt("XAddr", call.serviceUrl(onvif, Onvif.DEVICE_PATH))
                + "<tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration>"
                + "<tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network>"
                + "<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>true</tt:DiscoveryBye>"
                + "<tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup>"
                + "<tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>"
                + "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>5</tt:Minor></tt:SupportedVersions>"
                + "</tt:System>"
                + "<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>true</tt:TLS1.2>"
                + "<tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false"
                + "</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken>"
                + "<tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security>"
                + "</tt:Device>"
                + "<tt:Events>" + Soap.tt("XAddr", call.serviceUrl(onvif, Onvif.EVENTS_PATH))
                + "<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
                + "<tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
                + "<tt:WSPausableSubscriptionManagerInterfaceSupport>false"
                + "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>"
                + "<tt:Media>" + Soap.tt("XAddr", call.serviceUrl(onvif, Onvif.MEDIA_PATH))
                + "<tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP>"
                + "<tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>"
                + "</tds:Capabilities></tds:GetCapabilitiesResponse>";
    }

    private String services(Request call, boolean includeCapability) {
        return "<tds:GetServicesResponse>"
                + service(Soap.DEVICE, call.serviceUrl(onvif, Onvif.DEVICE_PATH),
                        includeCapability ? deviceServiceCapabilities() : "")
                + service(Soap.MEDIA, call.serviceUrl(onvif, Onvif.MEDIA_PATH),
                        includeCapability ? MediaService.serviceCapabilities() : "")
                + service(Soap.EVENTS, call.serviceUrl(onvif, Onvif.EVENTS_PATH),
                        includeCapability ? EventService.serviceCapabilities() : "")
                + "</tds:GetServicesResponse>";
    }

    private static String service(String namespace, String address, String capabilities) {
        return "<tds:Service><tds:Namespace>" + namespace + "</tds:Namespace><tds:XAddr>" + Soap.escape(address)
                + "</tds:XAddr>" + (capabilities.isEmpty() ? "" : "<tds:Capabilities>" + capabilities
                        + "</tds:Capabilities>")
                + "<tds:Version><tt:Major>2</tt:Major><tt:Minor>5</tt:Minor></tds:Version></tds:Service>";
    }

    private static String deviceServiceCapabilities() {
        return "<tds:Capabilities><tds:Network IPFilter=\"false\" ZeroConfiguration=\"false\" IPVersion6=\"false\" "
                + "DynDNS=\"false\"/><tds:Security TLS1.2=\"true\" UsernameToken=\"true\" HttpDigest=\"false\"/>"
                + "<tds:System DiscoveryResolve=\"false\" DiscoveryBye=\"true\" RemoteDiscovery=\"false\" "
                + "SystemBackup=\"false\" SystemLogging=\"false\" FirmwareUpgrade=\"false\"/></tds:Capabilities>";
    }

    private String scopes() {
        StringBuilder scopes = new StringBuilder("<tds:GetScopesResponse>");
        for (String scope : Scopes.of(onvif)) {
            scopes.append("<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef>").append(Soap.tt("ScopeItem", scope))
                    .append("</tds:Scopes>");
        }
        return scopes.append("</tds:GetScopesResponse>").toString();
    }

    /** The interfaces that are up, with their IPv4 addresses (read from the system; nothing can be set). */
    private static String networkInterfaces() {
        StringBuilder answer = new StringBuilder("<tds:GetNetworkInterfacesResponse>");
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                byte[] mac = network.getHardwareAddress();
                answer.append("<tds:NetworkInterfaces token=\"").append(Soap.escape(network.getName()))
                        .append("\"><tt:Enabled>true</tt:Enabled><tt:Info>").append(Soap.tt("Name", network.getName()))
                        .append(Soap.tt("HwAddress", mac == null ? "00:00:00:00:00:00"
                                : HexFormat.ofDelimiter(":").formatHex(mac)))
                        .append(Soap.tt("MTU", network.getMTU())).append("</tt:Info><tt:IPv4><tt:Enabled>true"
                                + "</tt:Enabled><tt:Config>");
                for (InterfaceAddress address : network.getInterfaceAddresses()) {
                    if (address.getAddress() instanceof Inet4Address ipv4) {
                        answer.append("<tt:Manual>").append(Soap.tt("Address", ipv4.getHostAddress()))
                                .append(Soap.tt("PrefixLength", address.getNetworkPrefixLength()))
                                .append("</tt:Manual>");
                    }
                }
                answer.append("<tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4></tds:NetworkInterfaces>");
            }
        } catch (SocketException e) {
            // No interfaces to tell of.
        }
        return answer.append("</tds:GetNetworkInterfacesResponse>").toString();
    }
}

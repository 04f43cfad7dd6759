package nightjar.onvif.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nightjar.tasks.testing.ManualTaskClock;

class SoapEndpointTest {
    private static final String CREATED = "2026-12-05T08:00:00Z";
    private final ManualTaskClock clock = new ManualTaskClock(Instant.parse(CREATED));
    private final Fakes.Device device = new Fakes.Device();
    private final PullPoints pullPoints = new PullPoints(clock, 2);
    private final MotionStates motion = new MotionStates();
    private final SoapEndpoint endpoint = new SoapEndpoint(device, pullPoints, motion, clock);
    private final AtomicInteger nonces = new AtomicInteger();

    SoapEndpointTest() {
        device.cameras.add(Fakes.camera("front", "Front <door>", 640, 480, 9.6));
        device.cameras.add(Fakes.camera("garage", "Garage", 1280, 720, 0));
    }

    @Test
    void theClockAndTheServicesNeedNoCredential() {
        Soap.Reply time = call(Onvif.DEVICE_PATH, "", "<GetSystemDateAndTime xmlns=\"" + Soap.DEVICE + "\"/>");
        assertEquals(200, time.status(), time.xml());
        assertTrue(time.xml().contains("<tt:Hour>8</tt:Hour><tt:Minute>0</tt:Minute>"), time.xml());
        Soap.Reply services = call(Onvif.DEVICE_PATH, "", "<GetServices xmlns=\"" + Soap.DEVICE + "\">"
                + "<IncludeCapability>false</IncludeCapability></GetServices>");
        assertEquals(200, services.status(), services.xml());
        assertTrue(services.xml().contains("<tds:XAddr>https://192.0.2.7:8443/onvif/media_service</tds:XAddr>"),
                services.xml());
        Soap.Reply capabilities = call(Onvif.DEVICE_PATH, "", "<GetCapabilities xmlns=\"" + Soap.DEVICE + "\"/>");
        assertTrue(capabilities.xml().contains("<tt:XAddr>https://192.0.2.7:8443/onvif/event_service</tt:XAddr>"),
                capabilities.xml());
    }

    @Test
    void everythingElseWantsTheDeviceCredential() {
        for (String operation : new String[] {"<GetDeviceInformation xmlns=\"" + Soap.DEVICE + "\"/>",
                "<GetProfiles xmlns=\"" + Soap.MEDIA + "\"/>",
                "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS + "\"/>"}) {
            Soap.Reply refused = call(Onvif.DEVICE_PATH, "", operation);
            assertNotAuthorized(refused);
            assertNotAuthorized(call(Onvif.DEVICE_PATH, Fakes.digestHeader(Fakes.USER, "wrong", nonce(), CREATED),
                    operation));
        }
        Soap.Reply information = call(Onvif.DEVICE_PATH, digest(), "<GetDeviceInformation xmlns=\"" + Soap.DEVICE
                + "\"/>");
        assertEquals(200, information.status(), information.xml());
        assertTrue(information.xml().contains("<tds:Manufacturer>Nightjar</tds:Manufacturer>"), information.xml());
    }

    @Test
    void oneProfilePerCameraInJpegAtItsResolutionAndRate() {
        Soap.Reply profiles = call(Onvif.MEDIA_PATH, digest(), "<GetProfiles xmlns=\"" + Soap.MEDIA + "\"/>");
        assertEquals(200, profiles.status(), profiles.xml());
        String xml = profiles.xml();
        assertTrue(xml.contains("<trt:Profiles token=\"profile_front\" fixed=\"true\"><tt:Name>Front &lt;door&gt;"
                + "</tt:Name>"), xml);
        assertTrue(xml.contains("<tt:SourceToken>source_front</tt:SourceToken>"), xml);
        assertTrue(xml.contains("<tt:Encoding>JPEG</tt:Encoding><tt:Resolution><tt:Width>640</tt:Width><tt:Height>480"
                + "</tt:Height></tt:Resolution>"), xml);
        assertTrue(xml.contains("<tt:FrameRateLimit>10</tt:FrameRateLimit>"), xml);
        assertTrue(xml.contains("token=\"profile_garage\""), xml);
        assertTrue(xml.contains("<tt:FrameRateLimit>1</tt:FrameRateLimit>"), "a camera not streaming: rate 1\n" + xml);
        Soap.Reply sources = call(Onvif.MEDIA_PATH, digest(), "<GetVideoSources xmlns=\"" + Soap.MEDIA + "\"/>");
        assertTrue(sources.xml().contains("<trt:VideoSources token=\"source_garage\"><tt:Framerate>1</tt:Framerate>"
                + "<tt:Resolution><tt:Width>1280</tt:Width>"), sources.xml());
    }

    @Test
    void theStreamIsTheRtspServersPlainRtspWhenOnElseRtsps() {
        assertFault(call(Onvif.MEDIA_PATH, digest(), streamUri("profile_front")), 500, "ter:Action");
        device.rtsp = new Fakes.Rtsp(OptionalInt.of(8322), OptionalInt.empty());
        assertTrue(call(Onvif.MEDIA_PATH, digest(), streamUri("profile_front")).xml()
                .contains("<tt:Uri>rtsps://192.0.2.7:8322/cameras/front</tt:Uri>"));
        device.rtsp = new Fakes.Rtsp(OptionalInt.of(8322), OptionalInt.of(8554));
        assertTrue(call(Onvif.MEDIA_PATH, digest(), streamUri("profile_garage")).xml()
                .contains("<tt:Uri>rtsp://192.0.2.7:8554/cameras/garage</tt:Uri>"));
        assertFault(call(Onvif.MEDIA_PATH, digest(), streamUri("profile_attic")), 400, "ter:NoProfile");
        Soap.Reply snapshot = call(Onvif.MEDIA_PATH, digest(), "<GetSnapshotUri xmlns=\"" + Soap.MEDIA + "\">"
                + "<ProfileToken>profile_front</ProfileToken></GetSnapshotUri>");
        assertTrue(snapshot.xml().contains("<tt:Uri>https://192.0.2.7:8443/onvif/snapshot/front.jpg</tt:Uri>"),
                snapshot.xml());
        device.httpsServed = false;
        assertTrue(call(Onvif.MEDIA_PATH, digest(), "<GetSnapshotUri xmlns=\"" + Soap.MEDIA + "\"><ProfileToken>"
                + "profile_front</ProfileToken></GetSnapshotUri>").xml().contains("<tt:Uri>https://192.0.2.7:8443/cameras/"
                + "front/snapshot.jpg</tt:Uri>"), "without ONVIF over HTTPS, the web UI's snapshot (for an account)");
    }

    @Test
    void motionReachesAPullPointAsMotionAlarm() {
        motion.set("garage", true);
        Soap.Reply created = call(Onvif.EVENTS_PATH, digest(), "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS
                + "\"><InitialTerminationTime>PT2M</InitialTerminationTime></CreatePullPointSubscription>");
        assertEquals(200, created.status(), created.xml());
        Matcher address = Pattern.compile("<wsa:Address>https://192\\.0\\.2\\.7:8443(/onvif/pullpoint/[A-Za-z0-9_-]+)"
                + "</wsa:Address>").matcher(created.xml());
        assertTrue(address.find(), created.xml());
        assertTrue(created.xml().contains("<wsnt:TerminationTime>2026-12-05T08:02:00Z</wsnt:TerminationTime>"));
        String pullPoint = address.group(1);

        Soap.Reply initial = call(pullPoint, digest(), pull("PT0S"));
        assertTrue(initial.xml().contains("PropertyOperation=\"Initialized\"><tt:Source><tt:SimpleItem Name=\"Source\" "
                + "Value=\"source_front\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\"false\"/>"),
                initial.xml());
        assertTrue(initial.xml().contains("Value=\"source_garage\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" "
                + "Value=\"true\"/>"), initial.xml());

        pullPoints.publish(new PullPoints.Message(clock.now(), "front", true, false));
        Soap.Reply changed = call(pullPoint, digest(), pull("PT1M"));
        assertTrue(changed.xml().contains("<wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/"
                + "ConcreteSet\">tns1:VideoSource/MotionAlarm</wsnt:Topic>"), changed.xml());
        assertTrue(changed.xml().contains("PropertyOperation=\"Changed\"><tt:Source><tt:SimpleItem Name=\"Source\" "
                + "Value=\"source_front\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\"true\"/>"),
                changed.xml());

        assertNotAuthorized(call(pullPoint, "", pull("PT0S")));
        clock.advance(Duration.ofMinutes(1));
        Soap.Reply renewed = call(pullPoint, digest(), "<Renew xmlns=\"" + Soap.WSNT + "\"><TerminationTime>PT5M"
                + "</TerminationTime></Renew>");
        assertTrue(renewed.xml().contains("<wsnt:TerminationTime>2026-12-05T08:06:00Z</wsnt:TerminationTime>"),
                renewed.xml());
        assertEquals(200, call(pullPoint, digest(), "<Unsubscribe xmlns=\"" + Soap.WSNT + "\"/>").status());
        assertFault(call(pullPoint, digest(), pull("PT0S")), 400, "ter:NoSubscription");
    }

    @Test
    void aPullWaitsForMotionUntilItsTimeoutAndANewerPullOrAnUnsubscribeEndsIt() {
        String pullPoint = createPullPoint();
        call(pullPoint, digest(), pull("PT0S"));
        CompletableFuture<Soap.Reply> waiting = endpoint.answer(request(pullPoint, pull("PT1M")));
        assertFalse(waiting.isDone(), "nothing to take: it waits");
        pullPoints.publish(new PullPoints.Message(clock.now(), "garage", true, false));
        assertTrue(waiting.isDone());
        assertTrue(waiting.join().xml().contains("Value=\"source_garage\"/></tt:Source><tt:Data><tt:SimpleItem "
                + "Name=\"State\" Value=\"true\"/>"), waiting.join().xml());

        CompletableFuture<Soap.Reply> quiet = endpoint.answer(request(pullPoint, pull("PT1M")));
        clock.advance(PullPoints.MAX_WAIT.minusSeconds(1));
        assertFalse(quiet.isDone(), "a minute asked, " + PullPoints.MAX_WAIT + " given");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(quiet.isDone());
        assertEquals(200, quiet.join().status());
        assertFalse(quiet.join().xml().contains("NotificationMessage"), quiet.join().xml());

        CompletableFuture<Soap.Reply> older = endpoint.answer(request(pullPoint, pull("PT1M")));
        CompletableFuture<Soap.Reply> newer = endpoint.answer(request(pullPoint, pull("PT1M")));
        assertTrue(older.isDone() && !older.join().xml().contains("NotificationMessage"), "answered by the newer");
        assertFalse(newer.isDone());
        assertEquals(200, call(pullPoint, digest(), "<Unsubscribe xmlns=\"" + Soap.WSNT + "\"/>").status());
        assertFault(newer.join(), 400, "ter:NoSubscription");
        assertEquals(0, clock.pending(), "no timeout left behind");
    }

    private String createPullPoint() {
        Soap.Reply created = call(Onvif.EVENTS_PATH, digest(), "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS
                + "\"><InitialTerminationTime>PT10M</InitialTerminationTime></CreatePullPointSubscription>");
        Matcher address = Pattern.compile("<wsa:Address>https://192\\.0\\.2\\.7:8443(/onvif/pullpoint/[A-Za-z0-9_-]+)"
                + "</wsa:Address>").matcher(created.xml());
        assertTrue(address.find(), created.xml());
        return address.group(1);
    }

    @Test
    void subscriptionsEndAndAreBounded() {
        String create = "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS + "\"><InitialTerminationTime>PT10M"
                + "</InitialTerminationTime></CreatePullPointSubscription>";
        assertEquals(200, call(Onvif.EVENTS_PATH, digest(), create).status());
        assertEquals(200, call(Onvif.EVENTS_PATH, digest(), create).status());
        assertFault(call(Onvif.EVENTS_PATH, digest(), create), 500, "ter:TooManySubscriptions");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(0, pullPoints.size(), "both ended at their termination time");
        assertEquals(200, call(Onvif.EVENTS_PATH, digest(), create).status());
        clock.advance(Duration.ofHours(3));
        assertEquals(200, call(Onvif.EVENTS_PATH, digest(), "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS
                + "\"><InitialTerminationTime>P1D</InitialTerminationTime></CreatePullPointSubscription>").status());
        clock.advance(PullPoints.MAX_TERMINATION);
        assertEquals(0, pullPoints.size(), "a day asked for is an hour given");
    }

    @Test
    void unknownOperationsAndBrokenEnvelopesGetFaults() {
        assertFault(call(Onvif.DEVICE_PATH, digest(), "<SystemReboot xmlns=\"" + Soap.DEVICE + "\"/>"), 500,
                "ter:ActionNotSupported");
        assertFault(answer(Onvif.DEVICE_PATH, "not xml".getBytes(StandardCharsets.UTF_8)), 400, "ter:WellFormed");
        assertFault(answer(Onvif.DEVICE_PATH, "<Envelope><Body/></Envelope>".getBytes(StandardCharsets.UTF_8)), 400,
                "ter:WellFormed");
    }

    /** An external entity would make the parser connect here; the fault comes before anything is fetched. */
    @Test
    void externalEntitiesAreNeverFetched() throws Exception {
        try (ServerSocketChannel trap = ServerSocketChannel.open()) {
            trap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            trap.configureBlocking(false);
            String url = "http://127.0.0.1:" + trap.socket().getLocalPort() + "/secret";
            for (String hostile : new String[] {
                "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"" + url + "\">]>",
                "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope SYSTEM \"" + url + "\">",
                "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>"}) {
                byte[] body = (hostile + new String(Fakes.envelope(digest(), "<GetDeviceInformation xmlns=\""
                        + Soap.DEVICE + "\">&xxe;</GetDeviceInformation>"), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                Soap.Reply reply = answer(Onvif.DEVICE_PATH, body);
                assertFault(reply, 400, "ter:WellFormed");
                assertTrue(reply.xml().contains("DOCTYPE"), reply.xml());
            }
            assertNull(trap.accept(), "the parser connected to the external entity's address");
        }
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        laughs.append("]>").append(new String(Fakes.envelope("", "<GetSystemDateAndTime xmlns=\"" + Soap.DEVICE
                + "\">&lol9;</GetSystemDateAndTime>"), StandardCharsets.UTF_8));
        assertFault(answer(Onvif.DEVICE_PATH, laughs.toString().getBytes(StandardCharsets.UTF_8)), 400, "ter:WellFormed");
    }

    /** Nesting this deep once overflowed the stack while reading the Username; now the parser refuses it. */
    @Test
    void deeplyNestedXmlUnderTheBodyLimitIsABadRequest() {
        int depth = 9300;
        String username = "<a>".repeat(depth) + Fakes.USER + "</a>".repeat(depth);
        String header = "<Security xmlns=\"" + Soap.WSSE + "\"><UsernameToken><Username>" + username
                + "</Username><Password>x</Password></UsernameToken></Security>";
        byte[] body = Fakes.envelope(header, "<GetDeviceInformation xmlns=\"" + Soap.DEVICE + "\"/>");
        assertTrue(body.length <= SoapEndpoint.MAX_BODY_BYTES, "under the limit: " + body.length);
        Soap.Reply reply = answer(Onvif.DEVICE_PATH, body);
        assertFault(reply, 400, "ter:WellFormed");
        assertTrue(reply.xml().contains("depth"), reply.xml());
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnparsed() {
        byte[] huge = new byte[SoapEndpoint.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '<');
        assertFault(answer(Onvif.DEVICE_PATH, huge), 413, "ter:WellFormed");
    }

    @Test
    void theServletReadsNoMoreThanOneByteOverTheLimit() throws Exception {
        AtomicInteger read = new AtomicInteger();
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'x';
            }
        };
        assertNull(OnvifServlet.readLimited(endless, 1000));
        assertEquals(1001, read.get());
        assertEquals(3, OnvifServlet.readLimited(new java.io.ByteArrayInputStream(new byte[3]), 1000).length);
    }

    @Test
    void addressesUseTheHostTheClientUsedWhenItIsPlain() {
        assertEquals("nightjar.local", Request.hostFor("nightjar.local", "192.0.2.7"));
        assertEquals("::1", Request.hostFor("[::1]", "192.0.2.7"));
        assertEquals("192.0.2.7", Request.hostFor("evil.example/@x", "192.0.2.7"));
        assertEquals("192.0.2.7", Request.hostFor("[::1", "192.0.2.7"));
        assertEquals("http://[fe80::1]:8000/onvif/device_service",
                new Request("/", new byte[0], false, "fe80::1").serviceUrl(device, Onvif.DEVICE_PATH));
        assertFalse(Request.hostFor("a\"b", "192.0.2.7").contains("\""));
    }

    private Soap.Reply call(String path, String header, String body) {
        return answer(path, Fakes.envelope(header, body));
    }

    private Request request(String path, String body) {
        return new Request(path, Fakes.envelope(digest(), body), true, "192.0.2.7");
    }

    private Soap.Reply answer(String path, byte[] body) {
        return endpoint.answer(new Request(path, body, true, "192.0.2.7")).join();
    }

    private String digest() {
        return Fakes.digestHeader(Fakes.USER, Fakes.SECRET, nonce(), clock.now().toString());
    }

    private byte[] nonce() {
        return ("nonce-" + nonces.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    }

    private static String streamUri(String profile) {
        return "<GetStreamUri xmlns=\"" + Soap.MEDIA + "\"><StreamSetup><Stream xmlns=\"" + Soap.SCHEMA + "\">RTP-Unicast"
                + "</Stream><Transport xmlns=\"" + Soap.SCHEMA + "\"><Protocol>RTSP</Protocol></Transport></StreamSetup>"
                + "<ProfileToken>" + profile + "</ProfileToken></GetStreamUri>";
    }

    private static String pull(String timeout) {
        return "<PullMessages xmlns=\"" + Soap.EVENTS + "\"><Timeout>" + timeout + "</Timeout><MessageLimit>10"
                + "</MessageLimit></PullMessages>";
    }

    private static void assertNotAuthorized(Soap.Reply reply) {
        assertFault(reply, 400, "ter:NotAuthorized");
        assertTrue(reply.xml().contains("<env:Value>env:Sender</env:Value>"), reply.xml());
    }

    private static void assertFault(Soap.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.xml());
        assertTrue(reply.xml().contains("<env:Fault>") && reply.xml().contains("<env:Value>" + code + "</env:Value>"),
                reply.xml());
    }
}

package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The tarball advertising itself over mDNS to python3-zeroconf (the library Home Assistant discovers
 * devices with, {@code src/test/mdns/mdns-watch.py}), across a veth pair between two network namespaces:
 * multicast needs a real interface, and the namespaces keep the test off the machine's own network and
 * its avahi-daemon. Without avahi, Nightjar answers for {@code <host>.local} itself, follows a change of
 * the HTTPS port, and says goodbye when it stops; beside an avahi-daemon (started here in the device's
 * namespace under another host name) it advertises only its services, on avahi's name, and avahi sees no
 * conflict. Needs root (as the tests run here and in CI) for the namespaces.
 */
class MdnsIT {
    private static final String DEVICE_ADDRESS = "10.213.0.1";
    private static final String CLIENT_ADDRESS = "10.213.0.2";
    private static final String HTTPS = "_https._tcp.local.";

    private final String tag = "njm" + ProcessHandle.current().pid() % 100_000;
    private final String deviceNamespace = tag + "-dev";
    private final String clientNamespace = tag + "-cli";
    private final String deviceInterface = tag + "d";
    private final List<Process> processes = new ArrayList<>();
    private Appliance appliance;
    private Path log;

    @BeforeEach
    void makeTwoHostsOnALink() throws Exception {
        need(List.of("ip", "-V"), "iproute2's ip");
        need(List.of("/usr/bin/python3", "-c", "import zeroconf"), "python3-zeroconf (scripts/setup-debian.sh installs it)");
        ip("netns", "add", deviceNamespace);
        ip("netns", "add", clientNamespace);
        ip("link", "add", deviceInterface, "type", "veth", "peer", "name", tag + "c");
        ip("link", "set", deviceInterface, "netns", deviceNamespace);
        ip("link", "set", tag + "c", "netns", clientNamespace);
        ip("-n", deviceNamespace, "addr", "add", DEVICE_ADDRESS + "/24", "dev", deviceInterface);
        ip("-n", clientNamespace, "addr", "add", CLIENT_ADDRESS + "/24", "dev", tag + "c");
        for (String namespace : List.of(deviceNamespace, clientNamespace)) {
            ip("-n", namespace, "link", "set", "lo", "up");
        }
        ip("-n", deviceNamespace, "link", "set", deviceInterface, "up");
        ip("-n", clientNamespace, "link", "set", tag + "c", "up");

        appliance = Appliance.unpack("mdns");
        log = appliance.home().getParent().resolve("nightjar-in-namespace.log");
        appliance.configure("nightjar.mdns.cfg", "interfaces", deviceInterface,
                "avahiSocket", appliance.home().getParent().resolve("no-avahi/socket").toString());
    }

    @AfterEach
    void removeThem() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (log != null && Files.exists(log)) {
            System.out.println("---- bin/nightjar output (mDNS) ----\n" + Files.readString(log));
        }
        Commands.run(Path.of("."), List.of("ip", "netns", "del", deviceNamespace));
        Commands.run(Path.of("."), List.of("ip", "netns", "del", clientNamespace));
    }

    @Test
    void withoutAvahiTheApplianceAnswersForItsNameFollowsItsPortAndSaysGoodbye() throws Exception {
        String host = hostLabel();
        Watcher watcher = new Watcher();
        Process nightjar = startNightjar();

        JsonObject added = watcher.next(e -> e.get("event").getAsString().equals("add"), 30);
        assertEquals("Nightjar " + host + "._https._tcp.local.", added.get("name").getAsString());
        assertEquals(host + ".local.", added.get("server").getAsString(), added.toString());
        int port = added.get("port").getAsInt();
        assertEquals(List.of(DEVICE_ADDRESS), strings(added, "addresses"), "the host name resolves: " + added);
        assertEquals("/", added.getAsJsonObject("txt").get("path").getAsString());
        Commands.Result https = Commands.run(appliance.home(), List.of("ip", "netns", "exec", clientNamespace, "curl",
                "-sSk", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20", "--retry", "20", "--retry-connrefused",
                "--retry-delay", "1",
                "--resolve", host + ".local:" + port + ":" + DEVICE_ADDRESS, "https://" + host + ".local:" + port + "/cameras"));
        assertEquals("401", https.stdout(), "the advertised name and port are the web UI's: " + https.stderr());

        int newPort = port + 1;
        appliance.configure("nightjar.security.cfg", "httpsPort", Integer.toString(newPort));
        JsonObject moved = watcher.next(e -> e.has("port") && e.get("port").getAsInt() == newPort, 45);
        assertEquals(host + ".local.", moved.get("server").getAsString());

        nightjar.destroy();
        assertTrue(nightjar.waitFor(30, TimeUnit.SECONDS), "bin/nightjar stops on SIGTERM");
        watcher.next(e -> e.get("event").getAsString().equals("remove"), 15); // a goodbye, not the record's 75 minutes
    }

    @Test
    void besideAvahiOnlyTheServicesAreOursAndAvahiKeepsTheHostName() throws Exception {
        Path avahiLog = startAvahi("njavahi");
        Watcher watcher = new Watcher();
        Process nightjar = startNightjar();

        JsonObject added = watcher.next(e -> e.get("event").getAsString().equals("add"), 30);
        assertEquals("njavahi.local.", added.get("server").getAsString(), "the name avahi publishes: " + added);
        // avahi publishes its IPv6 link-local address as well
        assertTrue(strings(added, "addresses").contains(DEVICE_ADDRESS), "avahi resolves it: " + added);
        awaitLog("on njavahi.local (published by avahi-daemon)");

        nightjar.destroy();
        assertTrue(nightjar.waitFor(30, TimeUnit.SECONDS), "bin/nightjar stops on SIGTERM");
        watcher.next(e -> e.get("event").getAsString().equals("remove"), 15);
        String avahi = Files.readString(avahiLog);
        assertTrue(!avahi.toLowerCase().contains("conflict"), "avahi saw a conflict:\n" + avahi);
        assertEquals(1, avahi.lines().filter(line -> line.contains("Host name is")).count(), avahi);
    }

    /** The log line comes a moment after the datagrams it tells of. */
    private void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no \"" + text + "\" in the log:\n" + Files.readString(log));
            Thread.sleep(100);
        }
    }

    private Process startNightjar() throws Exception {
        Process nightjar = new ProcessBuilder("ip", "netns", "exec", deviceNamespace, appliance.home().resolve("bin/nightjar").toString())
                .directory(appliance.home().getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(nightjar);
        return nightjar;
    }

    /** avahi-daemon in the device's namespace, its /run/avahi-daemon (pid file, socket) in a directory of the test's. */
    private Path startAvahi(String hostName) throws Exception {
        need(List.of("sh", "-c", "command -v avahi-daemon || test -x /usr/sbin/avahi-daemon"),
                "avahi-daemon (scripts/setup-debian.sh installs it)");
        Path run = Files.createDirectories(appliance.home().getParent().resolve("avahi-run"));
        Path config = appliance.home().getParent().resolve("avahi-daemon.conf");
        Files.writeString(config, String.join("\n", "[server]", "host-name=" + hostName, "use-ipv4=yes", "use-ipv6=no",
                "allow-interfaces=" + deviceInterface, "enable-dbus=no", "[wide-area]", "enable-wide-area=no",
                "[publish]", "publish-hinfo=no", "publish-workstation=no", ""));
        Path avahiLog = appliance.home().getParent().resolve("avahi.log");
        Process avahi = new ProcessBuilder("ip", "netns", "exec", deviceNamespace, "sh", "-c",
                "mkdir -p /run/avahi-daemon && mount --bind \"$0\" /run/avahi-daemon && "
                        + "PATH=$PATH:/usr/sbin exec avahi-daemon -f \"$1\" --no-drop-root --no-chroot --no-rlimits --debug",
                run.toString(), config.toString())
                .redirectErrorStream(true).redirectOutput(avahiLog.toFile()).start();
        processes.add(avahi);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(avahiLog).contains("Server startup complete")) {
            assertTrue(avahi.isAlive() && System.nanoTime() < deadline, "avahi-daemon did not start:\n" + Files.readString(avahiLog));
            Thread.sleep(100);
        }
        appliance.configure("nightjar.mdns.cfg", "avahiSocket", run.resolve("socket").toString());
        return avahiLog;
    }

    /** mdns-watch.py in the client's namespace, its JSON lines in a queue. */
    private final class Watcher {
        private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Watcher() throws Exception {
            Process python = new ProcessBuilder("ip", "netns", "exec", clientNamespace, "/usr/bin/python3",
                    System.getProperty("nightjar.mdnswatch"), CLIENT_ADDRESS, HTTPS)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(python);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        events.add(JsonParser.parseString(line).getAsJsonObject());
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "mdns-watch");
            reader.setDaemon(true);
            reader.start();
            next(e -> e.get("event").getAsString().equals("ready"), 20);
        }

        JsonObject next(Predicate<JsonObject> wanted, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                JsonObject event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    fail("python3-zeroconf saw no such event within " + seconds + " s; it saw " + seen + "\n"
                            + (Files.exists(log) ? Files.readString(log) : ""));
                }
                seen.add(event.toString());
                if (wanted.test(event)) {
                    return event;
                }
            }
        }
    }

    private void ip(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Commands.Result result = Commands.run(Path.of("."), command);
        if (result.exitCode() != 0) {
            fail("MdnsIT makes two network namespaces joined by a veth pair, which needs root (CAP_NET_ADMIN); "
                    + String.join(" ", command) + " failed: " + result.stderr().trim());
        }
    }

    private static void need(List<String> command, String what) throws Exception {
        if (Commands.run(Path.of("."), command).exitCode() != 0) {
            fail("MdnsIT needs " + what);
        }
    }

    /** What the appliance calls itself: this machine's host name up to the first dot. */
    private static String hostLabel() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().split("\\.")[0];
    }

    private static List<String> strings(JsonObject event, String key) {
        List<String> values = new ArrayList<>();
        event.getAsJsonArray(key).forEach(value -> values.add(value.getAsString()));
        return values;
    }
}

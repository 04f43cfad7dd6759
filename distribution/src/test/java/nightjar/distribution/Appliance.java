package nightjar.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import nightjar.mqtt.testing.FreePorts;

/**
 * The built tarball unpacked into a directory of its own and run as {@code bin/nightjar}, for an
 * end-to-end test that needs to stop, kill or restart it.
 */
final class Appliance {
    private final Path work;
    private final Path home;
    private final Path log;
    private final int port;
    private Process process;
    private String password = "";

    private Appliance(Path work, int port) {
        this.work = work;
        this.home = work.resolve("nightjar");
        this.log = work.resolve("nightjar.log");
        this.port = port;
    }

    /** Unpacks the tarball into {@code target/e2e-<name>}, on a free port. */
    static Appliance unpack(String name) throws Exception {
        Path tarball = Path.of(System.getProperty("nightjar.tarball"));
        Path work = Path.of(System.getProperty("nightjar.workdir") + "-" + name);
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Commands.Result untar = Commands.run(work, List.of("tar", "xzf", tarball.toString()));
        assertEquals(0, untar.exitCode(), untar.stderr());
        Appliance appliance = new Appliance(work, FreePorts.next());
        Path security = appliance.home.resolve("config/nightjar.security.cfg");
        Files.writeString(security, Files.readString(security).replace("httpsPort = 8443", "httpsPort = " + appliance.port));
        return appliance;
    }

    Path home() {
        return home;
    }

    String password() {
        return password;
    }

    /** Starts {@code bin/nightjar} and waits until it serves a snapshot; the log is appended to across starts. */
    void start() throws Exception {
        startUntil("/cameras/front/snapshot.jpg");
    }

    /** Starts {@code bin/nightjar} and waits until it answers {@code /cameras}, whatever state the cameras are in. */
    void startAnswering() throws Exception {
        startUntil("/cameras");
    }

    private void startUntil(String path) throws Exception {
        process = launch(home, log, port);
        Path passwordFile = home.resolve("data/admin-password.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue(process.isAlive(), "bin/nightjar exited:\n" + log());
            if (Files.exists(passwordFile)) {
                password = Files.readString(passwordFile).trim();
                if (!password.isEmpty() && curl(path).stdout().equals("200")) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "Nightjar did not answer " + path + " within 90 s:\n" + log());
            Thread.sleep(500);
        }
    }

    /**
     * Starts {@code bin/nightjar} with its output appended to {@code log}, and waits until HTTPS is up
     * on {@code port}, the one {@code config/nightjar.security.cfg} gives (the log says so when the
     * port changes, so a restart finds the line of an earlier start).
     */
    static Process launch(Path home, Path log, int port) throws Exception {
        Process started = new ProcessBuilder(home.resolve("bin/nightjar").toString()).directory(home.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String https;
            while ((https = httpsLine(log)) == null) {
                assertTrue(started.isAlive(), "bin/nightjar exited:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "HTTPS did not start within 90 s:\n" + Files.readString(log));
                Thread.sleep(200);
            }
            assertTrue(https.endsWith("HTTPS on port " + port), https + "\n" + Files.readString(log));
            return started;
        } catch (AssertionError | InterruptedException e) {
            started.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The newest line saying which port HTTPS is on, or null before there is one. */
    private static String httpsLine(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        List<String> lines = Files.readString(log).lines().filter(line -> line.contains("HTTPS on port")).toList();
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    /** SIGKILL, as a power cut does to the JVM: nothing runs on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The end of a test class: SIGTERM, the log printed under {@code title} (password masked), and a
     * check that it exited in time; returns the printed log.
     */
    String finish(String title) throws Exception {
        boolean exited = stop();
        String output = printableLog();
        System.out.println("---- bin/nightjar output (" + title + ") ----\n" + output);
        assertTrue(exited, "bin/nightjar stops on SIGTERM");
        return output;
    }

    /** The lines of a log that report an error. */
    static List<String> errors(String log) {
        return log.lines().filter(line -> line.contains(" ERROR ")).toList();
    }

    /** SIGTERM; true when it exited in time. */
    boolean stop() throws InterruptedException {
        if (process == null) {
            return true;
        }
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        return exited;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The log with the password masked, for a test's output. */
    String printableLog() throws IOException {
        return log().replace(password.isEmpty() ? "\u0000" : password, "<password>");
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Waits until a line of the log matches; returns it. */
    String awaitLogLine(Predicate<String> wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<String> lines = log().lines().filter(wanted).toList();
            if (!lines.isEmpty()) {
                return lines.get(lines.size() - 1);
            }
            assertTrue(running(), "bin/nightjar exited:\n" + printableLog());
            assertTrue(System.nanoTime() < deadline, "no such line in the log within " + seconds + " s:\n" + printableLog());
            Thread.sleep(200);
        }
    }

    /** Replaces (or adds) {@code key = value} lines of a file in {@code config/}. */
    void configure(String file, String... keysAndValues) throws IOException {
        Path config = home.resolve("config").resolve(file);
        List<String> lines = new ArrayList<>(Files.exists(config) ? Files.readAllLines(config) : List.of());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            lines.removeIf(line -> line.matches(" *" + key + " *[=:].*"));
            lines.add(key + " = " + keysAndValues[i + 1]);
        }
        Files.write(config, lines, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    Path certificate() {
        return home.resolve("data/tls/device.crt");
    }

    /** curl verifying the device certificate, as admin unless the options say {@code -u}; stdout is the HTTP status. */
    Commands.Result curl(String path, String... options) throws IOException, InterruptedException {
        return download(path, Path.of("/dev/null"), options);
    }

    /** As {@link #curl}, the body written to {@code output}. */
    Commands.Result download(String path, Path output, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert",
                certificate().toString(), "-o", output.toString(), "-w", "%{http_code}"));
        command.addAll(List.of(options));
        if (Stream.of(options).noneMatch(o -> o.equals("-u"))) {
            command.addAll(List.of("-u", "admin:" + password));
        }
        command.add(url(path));
        return Commands.run(home, command);
    }

    /**
     * curl with the path sent as it is ({@code --path-as-is}) and no default account; stdout is the body
     * (or what the options write there), then a line with the HTTP status (see {@link #status}).
     */
    Commands.Result request(String path, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--path-as-is", "--cacert",
                certificate().toString(), "-w", "\n%{http_code}"));
        command.addAll(List.of(options));
        command.add(url(path));
        return Commands.run(home, command);
    }

    /** The HTTP status of a {@link #request}. */
    static String status(Commands.Result result) {
        String out = result.stdout();
        return out.substring(out.lastIndexOf('\n') + 1);
    }
}

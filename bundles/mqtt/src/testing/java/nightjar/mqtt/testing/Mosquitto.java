package nightjar.mqtt.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Mosquitto 2 broker for tests (Debian's {@code mosquitto}), on free ports of 127.0.0.1: a plain
 * listener and a TLS listener whose certificate (for {@code localhost} and {@code 127.0.0.1}) is signed by
 * a CA made here with openssl, both requiring the user name and password of a password file made with
 * {@code mosquitto_passwd}. Persistence is on, so sessions and retained messages survive {@link #stop}
 * and {@link #start}. Clients are Mosquitto's own {@code mosquitto_sub} and {@code mosquitto_pub}: an
 * implementation independent of the one under test.
 */
public final class Mosquitto implements Closeable {
    public static final String USER = "nightjar";

    /** A motion start event, with the snapshot and the motion state last seen before it (null when none). */
    public record MotionStart(Map<String, Object> event, byte[] snapshot, String motion) {
    }

    /** A message as a subscriber saw it. */
    public record Message(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Path directory;
    private final String password = UUID.randomUUID().toString();
    private final int port;
    private final int tlsPort;
    private final int clientCertificatePort;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private Process process;

    private Mosquitto(Path directory) throws IOException, InterruptedException {
        this.directory = Files.createDirectories(directory);
        this.port = FreePorts.next();
        this.tlsPort = FreePorts.next();
        this.clientCertificatePort = FreePorts.next();
        Files.createDirectories(directory.resolve("persistence"));
        makeCertificates();
        run(List.of("mosquitto_passwd", "-b", "-c", directory.resolve("passwd").toString(), USER, password));
        String user = System.getProperty("user.name");
        Files.writeString(directory.resolve("mosquitto.conf"), String.join("\n",
                "per_listener_settings false",
                "allow_anonymous false",
                "password_file " + directory.resolve("passwd"),
                "persistence true",
                "persistence_location " + directory.resolve("persistence") + "/",
                "user " + user,
                "log_type error", "log_type warning", "log_type notice", "log_type information",
                "connection_messages true",
                "listener " + port + " 127.0.0.1",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + caFile(),
                "certfile " + directory.resolve("server.crt"),
                "keyfile " + directory.resolve("server.key"),
                "listener " + clientCertificatePort + " 127.0.0.1",
                "cafile " + caFile(),
                "certfile " + directory.resolve("server.crt"),
                "keyfile " + directory.resolve("server.key"),
                "require_certificate true",
                ""));
    }

    /** Makes the broker's files in the directory and starts it. */
    public static Mosquitto start(Path directory) throws IOException, InterruptedException {
        Mosquitto broker = new Mosquitto(directory);
        broker.start();
        return broker;
    }

    /** Starts the broker (again, after {@link #stop}) on the same ports, with what it persisted. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(executable(), "-c", directory.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(port) || !accepts(tlsPort) || !accepts(clientCertificatePort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("mosquitto did not start:\n" + Files.readString(log()));
            }
            Thread.sleep(20);
        }
    }

    /** Stops the broker with SIGTERM (it saves its persistence file) and waits until it has exited. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            end(process, 20);
        }
    }

    /** SIGTERM, and SIGKILL for a process that has not exited within the seconds; waits until it has. */
    private static void end(Process process, long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        List.copyOf(subscribers).forEach(Subscriber::close);
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener by name, so that the certificate's name is checked. */
    public String tlsUri() {
        return "ssl://localhost:" + tlsPort;
    }

    /** A TLS listener that also requires a client certificate signed by {@link #caFile}. */
    public String clientCertificateUri() {
        return "ssl://localhost:" + clientCertificatePort;
    }

    /**
     * A client certificate signed by the broker's CA and its key (unencrypted PKCS#8 PEM), made on
     * first use: {@code [certificate, key]}.
     */
    public Path[] clientCertificate() throws IOException, InterruptedException {
        Path certificate = directory.resolve("client.crt");
        Path key = directory.resolve("client.key");
        if (!Files.exists(certificate)) {
            Path request = directory.resolve("client.csr");
            run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", request.toString(), "-subj", "/CN=nightjar-client"));
            run(List.of("openssl", "x509", "-req", "-in", request.toString(), "-CA", caFile().toString(), "-CAkey",
                    directory.resolve("ca.key").toString(), "-CAcreateserial", "-out", certificate.toString(),
                    "-days", "2"));
        }
        return new Path[] {certificate, key};
    }

    public String password() {
        return password;
    }

    public Path caFile() {
        return directory.resolve("ca.crt");
    }

    /** A CA that signed nothing the broker presents: a client trusting only it must refuse the broker. */
    public Path otherCaFile() throws IOException, InterruptedException {
        Path other = directory.resolve("other-ca.crt");
        if (!Files.exists(other)) {
            run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", directory.resolve("other-ca.key").toString(), "-out", other.toString(),
                    "-days", "2", "-subj", "/CN=Someone else's CA"));
        }
        return other;
    }

    public Path log() {
        return directory.resolve("mosquitto.log");
    }

    /**
     * Subscribes with {@code mosquitto_sub} at QoS 1 and returns once the subscription is in place. With a
     * client id the session is persistent (clean session off): the broker keeps what arrives while the
     * subscriber is away, and a new subscriber with the same id receives it.
     */
    public Subscriber subscribe(String clientId, String... topics) throws IOException, InterruptedException {
        String ready = "test/ready/" + UUID.randomUUID();
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-u", USER, "-P", password, "-q", "1", "-F", "%r %t %x"));
        if (clientId != null) {
            command.addAll(List.of("-c", "-i", clientId));
        }
        command.addAll(List.of("-t", ready));
        for (String topic : topics) {
            command.addAll(List.of("-t", topic));
        }
        Subscriber subscriber = new Subscriber(new ProcessBuilder(command).redirectErrorStream(true).start(), ready);
        subscribers.add(subscriber);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            publish(ready, "ready", false);
            if (subscriber.ready.await(200, TimeUnit.MILLISECONDS)) {
                return subscriber;
            }
            if (System.nanoTime() > deadline) {
                subscriber.close();
                throw new IOException("mosquitto_sub did not subscribe: " + subscriber.unparsed);
            }
        }
    }

    /** Publishes at QoS 1 with {@code mosquitto_pub}. */
    public void publish(String topic, String payload, boolean retained) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-u", USER, "-P", password, "-q", "1", "-t", topic, "-m", payload));
        if (retained) {
            command.add("-r");
        }
        run(command);
    }

    /** What a {@code mosquitto_sub} received, in order. */
    public final class Subscriber implements Closeable {
        private final Process process;
        private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        private final StringBuffer unparsed = new StringBuffer();
        private final String readyTopic;
        private final CountDownLatch ready = new CountDownLatch(1);

        private Subscriber(Process process, String readyTopic) {
            this.process = process;
            this.readyTopic = readyTopic;
            Thread reader = new Thread(this::read, "test-mosquitto-sub");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] parts = line.split(" ", 3);
                    if (parts.length >= 2 && (parts[0].equals("0") || parts[0].equals("1"))) {
                        byte[] payload = parts.length == 3 ? HexFormat.of().parseHex(parts[2]) : new byte[0];
                        if (parts[1].equals(readyTopic)) {
                            ready.countDown();
                        } else {
                            messages.add(new Message(parts[1], payload, parts[0].equals("1")));
                        }
                    } else {
                        unparsed.append(line).append('\n');
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                unparsed.append(e).append('\n');
            }
        }

        /** The next message that matches, skipping the others, or null after the timeout. */
        public Message next(Predicate<Message> wanted, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                Message message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null || wanted.test(message)) {
                    return message;
                }
            }
        }

        /**
         * Waits (up to 30 s) until a message arrived on each of the topics and returns the first of each,
         * skipping other topics. A missing topic is missing from the map.
         */
        public Map<String, Message> first(Collection<String> topics) throws InterruptedException {
            Map<String, Message> seen = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.keySet().containsAll(topics)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                Message message = left <= 0 ? null : next(m -> topics.contains(m.topic()), left);
                if (message == null) {
                    break;
                }
                seen.putIfAbsent(message.topic(), message);
            }
            return seen;
        }

        /**
         * Reads the alerts of the camera under the base topic until a motion event that started at or
         * after the instant (waiting up to 60 s for each message; null when none came), skipping what an
         * earlier event sends. Returns the start event with the snapshot and motion state that came
         * before it.
         */
        public MotionStart motionStartedAfter(String base, String camera, Instant after) throws InterruptedException {
            String prefix = base + "/" + camera + "/";
            List<String> alerts = List.of(prefix + "snapshot", prefix + "motion", prefix + "event");
            byte[] snapshot = null;
            String motion = null;
            while (true) {
                Message message = next(m -> alerts.contains(m.topic()) && !m.retained(), 60_000);
                if (message == null) {
                    return null;
                }
                if (message.topic().equals(alerts.get(0))) {
                    snapshot = message.payload();
                } else if (message.topic().equals(alerts.get(1))) {
                    motion = message.text();
                } else {
                    Map<String, Object> event = JsonReader.object(message.text());
                    if (event.get("type").equals("start")
                            && !Instant.parse((String) event.get("start")).isBefore(after)) {
                        return new MotionStart(event, snapshot, motion);
                    }
                }
            }
        }

        /** The next message on the topic, or null after 30 s. */
        public Message next(String topic) throws InterruptedException {
            return next(m -> m.topic().equals(topic), 30_000);
        }

        @Override
        public void close() {
            try {
                // mosquitto_sub retrying a broker that is gone can outlast its SIGTERM (one was left running
                // after a CI run, its JVM long gone): then it is killed.
                end(process, 10);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            subscribers.remove(this);
        }
    }

    private void makeCertificates() throws IOException, InterruptedException {
        Path key = directory.resolve("ca.key");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", caFile().toString(), "-days", "2", "-subj", "/CN=Nightjar test CA"));
        Path serverKey = directory.resolve("server.key");
        Path request = directory.resolve("server.csr");
        run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", serverKey.toString(), "-out", request.toString(), "-subj", "/CN=localhost"));
        Path extensions = Files.writeString(directory.resolve("server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(List.of("openssl", "x509", "-req", "-in", request.toString(), "-CA", caFile().toString(), "-CAkey",
                key.toString(), "-CAcreateserial", "-out", directory.resolve("server.crt").toString(), "-days", "2",
                "-extfile", extensions.toString()));
    }

    private static String executable() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + output);
        }
    }
}

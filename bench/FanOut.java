import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fan-out benchmark: N clients stream the same camera over HTTPS at once. For each N it prints the
 * frames per second each client received (min, median), the server's CPU (from /proc, in % of one
 * core) and the frame latency (receive time minus the part's X-Timestamp: capture to client).
 *
 * Run by bench/fanout.sh; by hand:
 *   java bench/FanOut.java URL USER PASSWORD CERT.pem SERVER_PID SECONDS N1 [N2 ...]
 */
public class FanOut {
    static final class Client implements Runnable {
        final URL url;
        final String authorization;
        final SSLContext tls;
        final AtomicBoolean measuring;
        final AtomicBoolean stop;
        final CountDownLatch connected;
        long frames;
        final List<Double> latencies = new ArrayList<>();
        volatile String error;

        Client(URL url, String authorization, SSLContext tls, AtomicBoolean measuring, AtomicBoolean stop,
                CountDownLatch connected) {
            this.url = url;
            this.authorization = authorization;
            this.tls = tls;
            this.measuring = measuring;
            this.stop = stop;
            this.connected = connected;
        }

        @Override
        public void run() {
            try {
                HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
                connection.setSSLSocketFactory(tls.getSocketFactory());
                connection.setRequestProperty("Authorization", authorization);
                connection.setReadTimeout(10_000);
                try (InputStream in = new BufferedInputStream(connection.getInputStream(), 65536)) {
                    connected.countDown();
                    StringBuilder line = new StringBuilder();
                    int length = -1;
                    double timestamp = 0;
                    while (!stop.get()) {
                        int b = in.read();
                        if (b < 0) {
                            error = "stream ended";
                            return;
                        }
                        if (b != '\n') {
                            if (b != '\r') {
                                line.append((char) b);
                            }
                            continue;
                        }
                        String header = line.toString();
                        line.setLength(0);
                        if (header.startsWith("Content-Length: ")) {
                            length = Integer.parseInt(header.substring(16));
                        } else if (header.startsWith("X-Timestamp: ")) {
                            timestamp = Double.parseDouble(header.substring(13));
                        } else if (header.isEmpty() && length >= 0) {
                            in.readNBytes(length);
                            double now = System.currentTimeMillis() / 1000.0;
                            if (measuring.get()) {
                                frames++;
                                latencies.add((now - timestamp) * 1000);
                            }
                            length = -1;
                        }
                    }
                }
            } catch (IOException e) {
                error = e.toString();
                connected.countDown();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URL url = new URL(args[0]);
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        SSLContext tls = trusting(Path.of(args[3]));
        long pid = Long.parseLong(args[4]);
        int seconds = Integer.parseInt(args[5]);
        long ticksPerSecond = 100; // USER_HZ on Linux

        System.out.printf("%8s %10s %10s %10s %12s %12s %12s %10s %8s%n", "clients", "fps min", "fps median",
                "server CPU", "latency p50", "latency p95", "errors", "RSS", "threads");
        for (int n = 6; n < args.length; n++) {
            int count = Integer.parseInt(args[n]);
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch connected = new CountDownLatch(count);
            List<Client> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Client client = new Client(url, authorization, tls, measuring, stop, connected);
                clients.add(client);
                Thread thread = new Thread(client, "client-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            connected.await();
            Thread.sleep(2000); // warm-up
            long cpuBefore = cpuTicks(pid);
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuAfter = cpuTicks(pid);
            long rssMegabytes = rssKilobytes(pid) / 1024;
            long serverThreads;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                serverThreads = tasks.count();
            }
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(15_000);
            }
            double[] fps = clients.stream().mapToDouble(c -> c.frames / elapsed).sorted().toArray();
            double[] latency = clients.stream().flatMap(c -> c.latencies.stream()).mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            long errors = clients.stream().filter(c -> c.error != null).count();
            double cpu = 100.0 * (cpuAfter - cpuBefore) / ticksPerSecond / elapsed;
            System.out.printf("%8d %10.1f %10.1f %9.1f%% %10.1f ms %10.1f ms %12d %7d MB %8d%n", count, fps[0],
                    fps[fps.length / 2], cpu, percentile(latency, 50), percentile(latency, 95), errors, rssMegabytes,
                    serverThreads);
            Thread.sleep(1000);
        }
    }

    static double percentile(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    /** The process's resident memory (VmRSS), in KB. */
    static long rssKilobytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
    }

    /** utime + stime of the process, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("nightjar", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}

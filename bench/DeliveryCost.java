import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What delivering pictures costs the server: N clients of one camera at once over MJPEG/HTTPS, RTSPS
 * (RTP/JPEG interleaved in TLS) and plain RTSP (interleaved, Digest), one protocol after the other. For
 * each it prints the frames per second each client received (min and median), the bytes delivered per
 * second, the server's CPU (from /proc/PID/stat, in % of one core) and the CPU per delivered Gbit/s.
 *
 * Run by bench/rtsp-fanout.sh; by hand:
 *   java bench/DeliveryCost.java HOST HTTPS_PORT RTSPS_PORT RTSP_PORT USER PASSWORD DEVICE_USER DEVICE_SECRET
 *        CERT.pem SERVER_PID SECONDS CLIENTS IDLE_CPU
 * where IDLE_CPU is the server's CPU with no client (% of one core): the last column is CPU above it.
 */
public class DeliveryCost {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)^content-length:\\s*(\\d+)$");

    interface Stream {
        /** Connects and starts the stream; then {@link #pump} reads it until stopped. */
        void open() throws Exception;

        void pump(AtomicBoolean stop, AtomicLong bytes, AtomicLong frames) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int httpsPort = Integer.parseInt(args[1]);
        int rtspsPort = Integer.parseInt(args[2]);
        int rtspPort = Integer.parseInt(args[3]);
        String user = args[4];
        String password = args[5];
        String deviceUser = args[6];
        String deviceSecret = args[7];
        SSLContext tls = trusting(Path.of(args[8]));
        long pid = Long.parseLong(args[9]);
        int seconds = Integer.parseInt(args[10]);
        int clients = Integer.parseInt(args[11]);
        idle = Double.parseDouble(args[12]);
        System.out.printf("%-22s %8s %11s %10s %13s %17s %22s%n", "protocol", "clients", "fps min/med", "Mbit/s",
                "server CPU %", "CPU % per Gbit/s", "above idle, per Gbit/s");
        measure("MJPEG over HTTPS", clients, seconds, pid, () -> new Mjpeg(tls, host, httpsPort, user, password));
        measure("RTSPS (TCP in TLS)", clients, seconds, pid, () -> new Rtsp(tls, host, rtspsPort, user, password, false));
        if (rtspPort > 0) {
            measure("RTSP (TCP, Digest)", clients, seconds, pid, () -> new Rtsp(null, host, rtspPort, deviceUser, deviceSecret,
                    true));
        }
    }

    private static double idle;

    interface Factory {
        Stream make();
    }

    static void measure(String name, int count, int seconds, long pid, Factory factory) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<AtomicLong> bytes = new ArrayList<>();
        List<AtomicLong> frames = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Stream stream = factory.make();
            stream.open();
            AtomicLong b = new AtomicLong();
            AtomicLong f = new AtomicLong();
            bytes.add(b);
            frames.add(f);
            Thread thread = new Thread(() -> {
                try {
                    stream.pump(stop, b, f);
                } catch (IOException e) {
                    if (!stop.get()) {
                        System.err.println(name + ": a client failed: " + e);
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(3000); // warm-up
        long[] bytesBefore = bytes.stream().mapToLong(AtomicLong::get).toArray();
        long[] framesBefore = frames.stream().mapToLong(AtomicLong::get).toArray();
        long ticksBefore = ticks(pid);
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long ticks = ticks(pid) - ticksBefore;
        long delivered = 0;
        double[] fps = new double[count];
        for (int i = 0; i < count; i++) {
            delivered += bytes.get(i).get() - bytesBefore[i];
            fps[i] = (frames.get(i).get() - framesBefore[i]) / elapsed;
        }
        stop.set(true);
        java.util.Arrays.sort(fps);
        double mbits = delivered * 8 / elapsed / 1e6;
        double cpu = ticks / elapsed; // clock ticks are 1/100 s: ticks per second is % of one core
        System.out.printf("%-22s %8d %5.1f/%5.1f %10.1f %13.1f %17.1f %22.1f%n", name, count, fps[0], fps[count / 2], mbits,
                cpu, cpu / (mbits / 1000), (cpu - idle) / (mbits / 1000));
        Thread.sleep(2000); // the server notices the clients went away
    }

    static long ticks(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
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

    static Socket connect(SSLContext tls, String host, int port) throws IOException {
        if (tls == null) {
            return new Socket(host, port);
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        socket.startHandshake();
        return socket;
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("end of stream");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** An MJPEG stream over HTTPS with Basic, counting bytes and parts. */
    static final class Mjpeg implements Stream {
        private final SSLContext tls;
        private final String host;
        private final int port;
        private final String authorization;
        private InputStream in;

        Mjpeg(SSLContext tls, String host, int port, String user, String password) {
            this.tls = tls;
            this.host = host;
            this.port = port;
            this.authorization = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void open() throws Exception {
            Socket socket = connect(tls, host, port);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /cameras/front/stream.mjpg HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic " + authorization
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = readLine(in);
            if (!status.contains(" 200 ")) {
                throw new IOException("MJPEG: " + status);
            }
        }

        @Override
        public void pump(AtomicBoolean stop, AtomicLong bytes, AtomicLong frames) throws IOException {
            int length = -1;
            while (!stop.get()) {
                String line = readLine(in);
                bytes.addAndGet(line.length() + 2);
                Matcher matcher = CONTENT_LENGTH.matcher(line);
                if (matcher.matches()) {
                    length = Integer.parseInt(matcher.group(1));
                } else if (line.isEmpty() && length >= 0) {
                    in.skipNBytes(length);
                    bytes.addAndGet(length);
                    frames.incrementAndGet();
                    length = -1;
                }
            }
        }
    }

    /** An RTSP(S) stream, RTP interleaved on the connection, counting bytes and frames (marker bits). */
    static final class Rtsp implements Stream {
        private final SSLContext tls;
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private final boolean digest;
        private InputStream in;
        private OutputStream out;
        private int cseq;
        private String authorization = "";

        Rtsp(SSLContext tls, String host, int port, String user, String password, boolean digest) {
            this.tls = tls;
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.digest = digest;
        }

        @Override
        public void open() throws Exception {
            Socket socket = connect(tls, host, port);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
            String url = (tls == null ? "rtsp://" : "rtsps://") + host + ":" + port + "/cameras/front";
            if (!digest) {
                authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
            }
            String describe = request("DESCRIBE", url, "");
            if (digest && describe.contains(" 401 ")) {
                Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(describe);
                nonce.find();
                String ha1 = md5(user + ":Nightjar:" + password);
                String n = nonce.group(1);
                authorization = "Digest username=\"" + user + "\", realm=\"Nightjar\", nonce=\"" + n + "\", uri=\"" + url
                        + "\", response=\"%s\"";
                String[] methods = {"DESCRIBE", "SETUP", "PLAY"};
                String[] responses = new String[3];
                for (int i = 0; i < 3; i++) {
                    responses[i] = md5(ha1 + ":" + n + ":" + md5(methods[i] + ":" + url));
                }
                String template = authorization;
                authorization = String.format(template, responses[0]);
                describe = request("DESCRIBE", url, "");
                authorization = String.format(template, responses[1]);
                String setup = request("SETUP", url, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
                authorization = String.format(template, responses[2]);
                play(url, setup);
                return;
            }
            String setup = request("SETUP", url, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
            play(url, setup);
        }

        private void play(String url, String setup) throws IOException {
            Matcher session = Pattern.compile("(?im)^Session:\\s*([^;\\r\\n]+)").matcher(setup);
            if (!session.find()) {
                throw new IOException("RTSP SETUP: " + setup);
            }
            String play = request("PLAY", url, "Session: " + session.group(1) + "\r\n");
            if (!play.startsWith("RTSP/1.0 200")) {
                throw new IOException("RTSP PLAY: " + play);
            }
        }

        private String request(String method, String url, String headers) throws IOException {
            out.write((method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n" + (authorization.isEmpty() ? ""
                    : "Authorization: " + authorization + "\r\n") + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder response = new StringBuilder();
            int length = 0;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                response.append(line).append("\r\n");
                Matcher matcher = CONTENT_LENGTH.matcher(line);
                if (matcher.matches()) {
                    length = Integer.parseInt(matcher.group(1));
                }
            }
            response.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            return response.toString();
        }

        @Override
        public void pump(AtomicBoolean stop, AtomicLong bytes, AtomicLong frames) throws IOException {
            byte[] packet = new byte[65536];
            while (!stop.get()) {
                int dollar = in.read();
                if (dollar != '$') {
                    throw new IOException("expected an interleaved packet, got " + dollar);
                }
                int channel = in.read();
                int length = (in.read() << 8) | in.read();
                in.readNBytes(packet, 0, length);
                bytes.addAndGet(4 + length);
                if (channel == 0 && (packet[1] & 0x80) != 0) {
                    frames.incrementAndGet();
                }
            }
        }

        private static String md5(String text) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

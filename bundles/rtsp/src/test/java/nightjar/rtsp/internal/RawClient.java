package nightjar.rtsp.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** An RTSP client that sends exactly what the test writes and reads one response at a time. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient plain(int port) throws IOException {
        return new RawClient(new Socket("127.0.0.1", port));
    }

    /** From another loopback address (127.0.0.2, ...: on Linux the whole of 127/8 is this machine). */
    static RawClient plainFrom(String localAddress, int port) throws IOException {
        return new RawClient(new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0));
    }

    /** Over TLS, trusting any certificate (the test's own). */
    static RawClient tls(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return new RawClient(socket);
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends a request and reads its response (headers and body), skipping interleaved packets before it. */
    String request(String text) throws IOException {
        send(text);
        return response();
    }

    /** Sends a request and reads its response, which must come before any interleaved packet. */
    String requestBeforePackets(String text) throws IOException {
        send(text);
        in.mark(1);
        int first = in.read();
        if (first == '$') {
            throw new AssertionError("an interleaved packet came before the response");
        }
        in.reset();
        return response();
    }

    String response() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) == '$') {
            in.read();
            int length = (in.read() << 8) | in.read();
            in.skipNBytes(length);
        }
        while (b >= 0) {
            head.write(b);
            String so = head.toString(StandardCharsets.ISO_8859_1);
            if (so.endsWith("\r\n\r\n")) {
                break;
            }
            b = in.read();
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection: a read gives end of stream (or a reset). */
    boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

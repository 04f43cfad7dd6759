package nightjar.systemtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs commands in the VM through the QEMU guest agent (its JSON protocol over the virtio serial
 * port QEMU exposes as a Unix socket), so the test needs no SSH and no keys.
 */
final class GuestAgent implements AutoCloseable {
    record Result(int exitCode, String output) {
    }

    private final SocketChannel channel;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private GuestAgent(SocketChannel channel) {
        this.channel = channel;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    replies.add(line);
                }
            } catch (IOException e) {
                // The VM went away; waiting callers time out.
            }
        }, "guest-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and waits until the agent in the guest answers (it starts late in the boot). */
    static GuestAgent connect(Path socket, long timeoutSeconds) throws IOException, InterruptedException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        GuestAgent agent = new GuestAgent(channel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            // guest-sync flushes whatever an earlier, unanswered request left behind.
            long id = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
            agent.send("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":" + id + "}}");
            String reply = agent.replies.poll(5, TimeUnit.SECONDS);
            while (reply != null) {
                if (reply.contains("\"return\": " + id) || reply.contains("\"return\":" + id)) {
                    return agent;
                }
                reply = agent.replies.poll(100, TimeUnit.MILLISECONDS);
            }
        }
        agent.close();
        throw new AssertionError("the guest agent did not answer within " + timeoutSeconds + " s");
    }

    /** Runs a shell command in the guest and waits for it; output is stdout and stderr together. */
    Result shell(String command, long timeoutSeconds) throws IOException, InterruptedException {
        String arguments = "{\"path\":\"/bin/sh\",\"arg\":[\"-c\"," + quote(command + " 2>&1")
                + "],\"capture-output\":true}";
        String reply = request("{\"execute\":\"guest-exec\",\"arguments\":" + arguments + "}");
        long pid = Long.parseLong(field(reply, "pid"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            String status = request("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
            if (status.contains("\"exited\": true") || status.contains("\"exited\":true")) {
                String exit = fieldOrNull(status, "exitcode");
                String data = fieldOrNull(status, "out-data");
                String output = data == null ? "" : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
                return new Result(exit == null ? -1 : Integer.parseInt(exit), output);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + command + "' did not finish in the guest within " + timeoutSeconds + " s");
    }

    private String request(String json) throws IOException, InterruptedException {
        replies.clear();
        send(json);
        String reply = replies.poll(60, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("no answer from the guest agent to " + json);
        }
        if (reply.contains("\"error\"")) {
            throw new AssertionError("the guest agent refused " + json + ": " + reply);
        }
        return reply;
    }

    private void send(String json) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static String field(String json, String name) {
        String value = fieldOrNull(json, name);
        if (value == null) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return value;
    }

    private static String fieldOrNull(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> json.append(c);
            }
        }
        return json.append('"').toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package nightjar.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.mqtt.MqttState;
import nightjar.tasks.TaskClock;

/**
 * The connection to the broker: connects, reconnects with a pause that doubles from 1 s, publishes,
 * and delivers the alert queue in order. A broker that cannot be reached (stopped, restarting, the
 * network away) is tried every {@value #UNREACHABLE_MAX_PAUSE_MILLIS} ms at most, so Nightjar is back
 * within seconds of it: an attempt at a closed port costs nothing. A broker that refuses us (password,
 * certificate) will not change its mind by itself, so that pause doubles up to the configured maximum.
 * Everything runs on the bridge's clock (its thread); Paho's callbacks only hand over to it. The state is logged
 * once per change, not per attempt (the message of each attempt is in the service's properties).
 */
final class Link {
    static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = LoggerFactory.getLogger(Link.class);
    private static final long FIRST_PAUSE_MILLIS = 1000;
    static final long UNREACHABLE_MAX_PAUSE_MILLIS = 5000;
    private static final int TIMEOUT_SECONDS = 10;

    /** What the bridge does when the link comes up, and with a message from the broker. */
    interface Listener {
        /** Connected: subscribe, deliver the queue ({@link #deliver}) and publish the retained state. */
        void connected(Link link) throws MqttException;

        void message(String topic, byte[] payload);

        void stateChanged(MqttState state, String message);
    }

    /** Where the state changes are logged: one line each. */
    interface Log {
        void line(boolean warning, String text);
    }

    private final TaskClock clock;
    private final MqttSettings settings;
    private final AlertQueue queue;
    private final Listener listener;
    private final Log log;
    private @Nullable MqttClient client;
    /** The next attempt while one is scheduled. */
    private TaskClock.@Nullable Task retry;
    private long pauseMillis = FIRST_PAUSE_MILLIS;
    private MqttState state = MqttState.CONNECTING;
    private String message = "";
    /** The state the log last told, null before the first. */
    private @Nullable MqttState logged;
    private boolean closed;

    Link(TaskClock clock, MqttSettings settings, AlertQueue queue, Listener listener) {
        this(clock, settings, queue, listener, (warning, text) -> {
            if (warning) {
                LOG.warn("{}", text);
            } else {
                LOG.info("{}", text);
            }
        });
    }

    Link(TaskClock clock, MqttSettings settings, AlertQueue queue, Listener listener, Log log) {
        this.clock = clock;
        this.settings = settings;
        this.queue = queue;
        this.listener = listener;
        this.log = log;
    }

    MqttSettings settings() {
        return settings;
    }

    MqttState state() {
        return state;
    }

    String message() {
        return message;
    }

    boolean connected() {
        MqttClient current = client;
        return current != null && current.isConnected() && state == MqttState.CONNECTED;
    }

    /** Starts connecting (on the clock's thread). */
    void start() {
        report(MqttState.CONNECTING, "connecting to " + settings.describe());
        clock.execute(this::attempt);
    }

    /** Publishes when connected; a state message missed while away is published again on the next connect. */
    void publish(String topic, byte[] payload, int qos, boolean retained) {
        MqttClient current = client;
        if (!connected() || current == null) {
            return;
        }
        try {
            current.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            lost(e);
        }
    }

    void subscribe(String... topics) throws MqttException {
        MqttClient current = Objects.requireNonNull(client);
        int[] qos = new int[topics.length];
        Arrays.fill(qos, 1);
        current.subscribe(topics, qos);
    }

    /** Sends the buffered alerts, oldest first, each deleted when the broker acknowledges it. */
    void deliver() {
        try {
            for (AlertQueue.Alert alert = queue.peek(); alert != null && connected(); alert = queue.peek()) {
                MqttClient current = Objects.requireNonNull(client);
                current.publish(alert.topic(), alert.payload(), Math.max(1, settings.qos()), alert.retained());
                queue.remove(alert.sequence());
            }
        } catch (MqttException e) {
            lost(e);
        } catch (IOException e) {
            LOG.warn("The MQTT alert buffer cannot be read: {}", e.toString());
        }
    }

    /** Publishes {@code offline} and disconnects; nothing is retried afterwards. */
    void close() {
        closed = true;
        TaskClock.Task pending = retry;
        retry = null;
        if (pending != null) {
            pending.cancel();
        }
        MqttClient current = client;
        client = null;
        if (current != null) {
            try {
                if (current.isConnected()) {
                    current.publish(settings.baseTopic() + "/availability", OFFLINE, 1, true);
                    current.disconnect(1000);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT disconnect: {}", e.toString());
            }
            closeQuietly(current);
        }
    }

    private void attempt() {
        retry = null;
        if (closed) {
            return;
        }
        MqttClient made = null;
        try {
            made = new MqttClient(settings.broker(), settings.clientId(), new MemoryPersistence());
            made.setCallback(new Callback(made));
            made.setTimeToWait(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            made.connect(options());
            client = made;
            report(MqttState.CONNECTED, "connected to " + settings.describe() + ", base topic " + settings.baseTopic());
            listener.connected(this);
            // Only a connection that got through its start resets the pause: one that fails right after
            // connecting (a broker refusing our subscriptions) backs off like any other failure.
            pauseMillis = FIRST_PAUSE_MILLIS;
        } catch (MqttException | GeneralSecurityException | IOException | RuntimeException e) {
            if (made != null && client == made) {
                client = null;
            }
            if (made != null) {
                closeQuietly(made);
            }
            failed(e);
        }
    }

    private MqttConnectOptions options() throws GeneralSecurityException, IOException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(16);
        options.setWill(settings.baseTopic() + "/availability", OFFLINE, 1, true);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (settings.tls()) {
            options.setSocketFactory(Tls.socketFactory(settings.caFile(), settings.clientCertFile(),
                    settings.clientKeyFile()));
            options.setHttpsHostnameVerificationEnabled(true);
        }
        return options;
    }

    private void failed(Exception e) {
        if (closed) {
            return;
        }
        MqttState next = MqttState.DISCONNECTED;
        if (e instanceof MqttException mqtt && (mqtt.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || mqtt.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || mqtt.getReasonCode() == MqttException.REASON_CODE_INVALID_CLIENT_ID)) {
            next = MqttState.NOT_AUTHORIZED;
        } else if (e instanceof GeneralSecurityException || causedBy(e, SSLException.class)) {
            next = MqttState.TLS_FAILED;
        }
        String hint = causedBy(e, CertPathBuilderException.class) ? "the broker's certificate is not signed by "
                + (settings.caFile() == null ? "an authority the Java runtime trusts" : "the CA in " + settings.caFile())
                + " (" + explain(e) + ")" : explain(e);
        report(next, settings.describe() + ": " + hint);
        long longest = longestPauseMillis(next);
        long pause = Math.min(pauseMillis, longest);
        retry = clock.schedule(Duration.ofMillis(pause), this::attempt);
        pauseMillis = Math.min(longest, pause * 2);
    }

    /** The longest pause between attempts after a failure of this kind. */
    private long longestPauseMillis(MqttState failure) {
        return failure == MqttState.DISCONNECTED ? Math.min(UNREACHABLE_MAX_PAUSE_MILLIS, settings.reconnectMaxMillis())
                : settings.reconnectMaxMillis();
    }

    /** A publish failed or Paho saw the connection drop: start over with a new client. */
    private void lost(Throwable cause) {
        MqttClient current = client;
        client = null;
        if (current != null) {
            closeQuietly(current);
        }
        if (!closed && retry == null) {
            failed(cause instanceof Exception e ? e : new IOException(cause));
        }
    }

    /** Paho's callbacks for one client, handed to the clock's thread; those of a client already replaced are dropped. */
    private final class Callback implements MqttCallback {
        private final MqttClient source;

        Callback(MqttClient source) {
            this.source = source;
        }

        @Override
        public void connectionLost(Throwable cause) {
            execute(() -> {
                if (client == source) {
                    lost(cause);
                }
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage received) {
            byte[] payload = received.getPayload();
            execute(() -> {
                if (client == source) {
                    listener.message(topic, payload);
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Publishing waits for the acknowledgement itself.
        }

        private void execute(Runnable task) {
            // Once the bridge is deactivated, the clock drops it.
            clock.execute(task);
        }
    }

    /**
     * A new state or message: shown in the service's properties; logged when the state is new, so a
     * broker that is away is one line (the connection lost), not one per attempt or per reason given.
     */
    private void report(MqttState next, String text) {
        boolean changed = next != state || !text.equals(message);
        state = next;
        message = text;
        if (next != logged) {
            logged = next;
            if (next == MqttState.CONNECTED || next == MqttState.CONNECTING) {
                log.line(false, "MQTT: " + text);
            } else {
                log.line(true, "MQTT " + next + ": " + text + " (retrying, at most every "
                        + longestPauseMillis(next) / 1000 + " s)");
            }
        }
        if (changed) {
            listener.stateChanged(next, text);
        }
    }

    private static String explain(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String more = cause.getMessage();
            if (more != null && text.indexOf(more) < 0) {
                text.append(": ").append(more);
            }
        }
        return text.toString();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(MqttClient made) {
        try {
            if (made.isConnected()) {
                made.disconnectForcibly(0, 1000);
            }
            made.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.toString());
        }
    }
}

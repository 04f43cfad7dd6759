package nightjar.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nightjar.api.appliance.Appliance;
import nightjar.api.mqtt.MqttState;
import nightjar.tasks.SchedulerClock;
import nightjar.tasks.TaskClock;
import nightjar.tasks.Threads;

/**
 * The bridge on its own executor ({@code nightjar-mqtt}), which it names, owns and stops: the bridge is
 * made there (it needs the device id from disk), every configuration is applied there, the state is
 * published there periodically, and all work handed over (events, service bindings) runs there, so the
 * {@link Bridge} is confined to one thread. Once stopping, queued work does nothing but the final close.
 */
final class BridgeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeRunner.class);
    /** The final close publishes offline: it is given this long, then interrupted. */
    private static final Duration CLOSE_TIME = Duration.ofSeconds(15);

    private final Services services;
    private final Path data;
    private final Path machineId;
    private final BiConsumer<MqttState, String> states;
    private final ScheduledThreadPoolExecutor executor = Threads.scheduler("nightjar-mqtt");
    /** Time and the executor's thread, for the link's reconnects. */
    private final TaskClock clock = new SchedulerClock(executor, Clock.systemUTC());
    /** Made and used on the executor; read elsewhere only for the count of pending alerts. */
    private volatile @Nullable Bridge bridge;
    /** On the executor. */
    private @Nullable ScheduledFuture<?> ticker;
    private volatile boolean stopping;

    /**
     * @param data where the device id and the unsent alerts are kept
     * @param machineId the system's machine id, the device id where it can be read
     * @param states hears the states without a link (idle, unusable configuration) and the link's
     */
    BridgeRunner(Services services, Path data, Path machineId, BiConsumer<MqttState, String> states) {
        this.services = services;
        this.data = data;
        this.machineId = machineId;
        this.states = states;
    }

    /** Makes the bridge (on the executor) and applies the first configuration. */
    void start(MqttConfig config, String version) {
        submit(() -> {
            String deviceId;
            try {
                deviceId = DeviceIdentity.of(machineId, data.resolve("device-id"));
            } catch (IOException e) {
                states.accept(MqttState.INVALID_CONFIGURATION, "no device id: " + e);
                return;
            }
            Bridge made = new Bridge(services, Machine.local(), deviceId, version, this::httpsPort, states);
            bridge = made;
            apply(made, config);
        });
    }

    /** Applies a changed configuration (on the executor). */
    void apply(MqttConfig config) {
        onBridge(current -> apply(current, config));
    }

    /** Runs {@code task} on the executor with the bridge, once it is made; never after stop. */
    void onBridge(Consumer<Bridge> task) {
        submit(() -> {
            Bridge current = bridge;
            if (current != null) {
                task.accept(current);
            }
        });
    }

    /** Alerts on disk not yet acknowledged by the broker. */
    int pendingAlerts() {
        Bridge current = bridge;
        return current == null ? 0 : current.pending();
    }

    /** Closes the link (publishing offline) after the work queued, which does nothing now, and ends the executor. */
    void stop() {
        stopping = true;
        try {
            executor.execute(() -> {
                Bridge current = bridge;
                if (current != null) {
                    current.close();
                }
            });
        } catch (RejectedExecutionException stoppedBefore) {
            // Stopped twice: the link is closed already.
        }
        Threads.stop(executor, CLOSE_TIME);
    }

    /** On the executor. */
    private void apply(Bridge current, MqttConfig config) {
        ScheduledFuture<?> previous = ticker;
        if (previous != null) {
            previous.cancel(false);
        }
        Path alerts = data.resolve("alerts");
        if (config.broker().isBlank()) {
            current.apply(null, alerts, clock);
            states.accept(MqttState.IDLE, "no broker configured (config/nightjar.mqtt.cfg): MQTT is off");
            return;
        }
        MqttSettings settings;
        try {
            settings = MqttSettings.of(config, current.deviceId(), InetAddress.getLocalHost().getHostName());
        } catch (IOException | IllegalArgumentException e) {
            current.apply(null, alerts, clock);
            states.accept(MqttState.INVALID_CONFIGURATION, e.getMessage());
            return;
        }
        current.apply(settings, alerts, clock);
        ticker = executor.scheduleWithFixedDelay(() -> {
            try {
                current.publishState();
            } catch (RuntimeException e) {
                // A failing service must not end the periodic state for good.
                LOG.warn("MQTT: the periodic state failed: {}", e.toString(), e);
            }
        }, settings.stateIntervalMillis(), settings.stateIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** The HTTPS port the appliance serves now (8443, the default, in the moment it is being replaced). */
    private int httpsPort() {
        Appliance appliance = services.appliance;
        return appliance == null ? 8443 : appliance.httpsPort();
    }

    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                if (stopping) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("MQTT: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // Stopped: nothing more is sent.
        }
    }
}

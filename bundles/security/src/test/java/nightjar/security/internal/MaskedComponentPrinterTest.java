package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskedComponentPrinterTest {
    @Test
    void secretValuesAreMaskedAndEverythingElseStays() {
        String printed = String.join("\n",
                "2=[nightjar.mqtt.internal.MqttComponent]",
                "  Bundle=nightjar.mqtt (30)",
                "  Properties=",
                "    broker=tcp://127.0.0.1:9",
                "    baseTopic=",
                "    password=mqtt-secret",
                "    .metricsToken=metrics-token-0123",
                "    clientPassphrase=x",
                "    MQTT_SECRET=y",
                "    username=nightjar",
                "");
        assertEquals(String.join("\n",
                "2=[nightjar.mqtt.internal.MqttComponent]",
                "  Bundle=nightjar.mqtt (30)",
                "  Properties=",
                "    broker=tcp://127.0.0.1:9",
                "    baseTopic=",
                "    password=********",
                "    .metricsToken=********",
                "    clientPassphrase=********",
                "    MQTT_SECRET=********",
                "    username=nightjar",
                ""), MaskedComponentPrinter.mask(printed));
    }
}

/** The MQTT bridge: status, alerts with snapshots, commands and Home Assistant discovery over Eclipse Paho. */
@NullMarked
package nightjar.mqtt.internal;

import org.jspecify.annotations.NullMarked;

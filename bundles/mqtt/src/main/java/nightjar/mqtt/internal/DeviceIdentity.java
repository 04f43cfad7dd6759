package nightjar.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The device id in topics and client ids: the first 12 hex digits of SHA-256("nightjar:" + machine-id)
 * from {@code /etc/machine-id} (the machine id itself is never sent: systemd asks that it be hashed),
 * else a random id made once and kept in {@code data/mqtt/device-id}.
 */
final class DeviceIdentity {
    private DeviceIdentity() {
    }

    static String of(Path machineId, Path fallback) throws IOException {
        if (Files.isReadable(machineId)) {
            String id = Files.readString(machineId, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return hash(id);
            }
        }
        if (Files.isReadable(fallback)) {
            String kept = Files.readString(fallback, StandardCharsets.US_ASCII).trim();
            if (kept.matches("[0-9a-f]{12}")) {
                return kept;
            }
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String made = HexFormat.of().formatHex(random);
        Files.createDirectories(fallback.getParent());
        Files.writeString(fallback, made + "\n", StandardCharsets.US_ASCII);
        return made;
    }

    static String hash(String machineId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("nightjar:" + machineId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

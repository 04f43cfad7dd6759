package nightjar.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The TLS cipher suites, in the server's order of preference: only AEAD suites with forward
 * secrecy. AES-GCM first where the CPU has AES instructions; ChaCha20-Poly1305 first where it has
 * not (Raspberry Pi 4 and older), since ChaCha20 is then several times faster.
 */
final class CipherSuites {
    private static final List<String> CHACHA = List.of("TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final List<String> AES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    private CipherSuites() {
    }

    static List<String> preferred(boolean aesInstructions) {
        return aesInstructions ? Stream.concat(AES.stream(), CHACHA.stream()).toList()
                : Stream.concat(CHACHA.stream(), AES.stream()).toList();
    }

    /**
     * Whether {@code /proc/cpuinfo} lists AES instructions: {@code aes} among the x86 "flags" or the
     * ARM "Features". Where the file cannot be read, assume they exist (a PC).
     */
    static boolean hasAesInstructions(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("flags") || line.startsWith("Features"))
                    .anyMatch(line -> List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).contains("aes"));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}

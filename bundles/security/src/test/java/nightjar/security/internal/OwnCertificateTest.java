package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnCertificateTest {
    @TempDir
    Path tls;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A certificate and its key as PEM, made with the device certificate's own code in another directory. */
    private String certificateAndKey(Path elsewhere) throws Exception {
        DeviceCertificate made = DeviceCertificate.ensure(elsewhere, List.of("camera.example.org"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(made.keystore())) {
            store.load(in, made.password());
        }
        PrivateKey key = (PrivateKey) store.getKey(DeviceCertificate.ALIAS, made.password());
        return pem("CERTIFICATE", made.certificate().getEncoded()) + pem("PRIVATE KEY", key.getEncoded());
    }

    @Test
    void aMatchingCertificateAndKeyAreInstalledOwnerOnly() throws Exception {
        String pem = certificateAndKey(tls.resolve("../other-tls"));
        assertTrue(OwnCertificate.load(tls).isEmpty());
        OwnCertificate.install(tls, pem);
        OwnCertificate.Installed installed = OwnCertificate.load(tls).orElseThrow();
        assertTrue(installed.certificate().getSubjectAlternativeNames().toString().contains("camera.example.org"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.keystore())));
        OwnCertificate.remove(tls);
        assertTrue(OwnCertificate.load(tls).isEmpty());
    }

    @Test
    void badUploadsAreRefusedWithAReasonAndWriteNothing() throws Exception {
        String good = certificateAndKey(tls.resolve("../a"));
        String certificateOnly = good.substring(0, good.indexOf("-----BEGIN PRIVATE KEY"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String otherKey = pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
        assertMessage("no private key", certificateOnly);
        assertMessage("no certificate", otherKey);
        assertMessage("does not belong", certificateOnly + otherKey);
        assertMessage("more than one private key", good + otherKey);
        assertMessage("encrypted", certificateOnly
                + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertMessage("not readable PEM", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertMessage("over", "x".repeat(OwnCertificate.MAX_PEM_CHARS + 1));
        assertFalse(Files.exists(tls.resolve(OwnCertificate.KEYSTORE_FILE)));
        assertFalse(Files.exists(tls.resolve(OwnCertificate.PASSWORD_FILE)));
    }

    private void assertMessage(String expected, String pem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OwnCertificate.install(tls, pem));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void chachaFirstWithoutAesInstructions() throws Exception {
        Path pi4 = tls.resolve("cpuinfo-pi4");
        Files.writeString(pi4, "processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n");
        Path pi5 = tls.resolve("cpuinfo-pi5");
        Files.writeString(pi5, "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\n");
        Path pc = tls.resolve("cpuinfo-pc");
        Files.writeString(pc, "flags\t\t: fpu vme sse2 aes avx\n");
        assertFalse(CipherSuites.hasAesInstructions(pi4));
        assertTrue(CipherSuites.hasAesInstructions(pi5));
        assertTrue(CipherSuites.hasAesInstructions(pc));
        assertTrue(CipherSuites.hasAesInstructions(tls.resolve("missing")), "unknown: assume a PC");
        assertTrue(CipherSuites.preferred(false).get(0).contains("CHACHA20"));
        assertTrue(CipherSuites.preferred(true).get(0).contains("AES"));
        assertTrue(CipherSuites.preferred(true).stream().allMatch(s -> s.contains("GCM") || s.contains("POLY1305")),
                "AEAD only");
    }
}

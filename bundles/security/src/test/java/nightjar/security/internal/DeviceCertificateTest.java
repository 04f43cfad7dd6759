package nightjar.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCertificateTest {
    @TempDir
    Path tls;

    private static Set<String> alternativeNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1)))
                .collect(Collectors.toSet());
    }

    @Test
    void makesAnEcP256ServerCertificateForThisHostKeptPrivate() throws Exception {
        DeviceCertificate device = DeviceCertificate.ensure(tls, List.of("cam.example.org"));
        X509Certificate certificate = device.certificate();
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
        ECPublicKey key = (ECPublicKey) certificate.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        Set<String> names = alternativeNames(certificate);
        String host = DeviceCertificate.localHostName();
        assertTrue(names.containsAll(Set.of("localhost", host, host + ".local", "cam.example.org", "127.0.0.1")),
                names.toString());
        for (String file : List.of(DeviceCertificate.KEYSTORE_FILE, DeviceCertificate.PASSWORD_FILE)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(file))));
        }
        assertTrue(Files.readString(tls.resolve(DeviceCertificate.CERTIFICATE_FILE)).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(device.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), device.fingerprint());
    }

    @Test
    void keepsTheCertificateAcrossStartsAndRenewsItOnlyForANewHostName() throws Exception {
        String first = DeviceCertificate.ensure(tls, List.of()).fingerprint();
        assertEquals(first, DeviceCertificate.ensure(tls, List.of()).fingerprint());
        DeviceCertificate renamed = DeviceCertificate.ensure(tls, List.of("new.example.org"));
        assertNotEquals(first, renamed.fingerprint());
        assertTrue(alternativeNames(renamed.certificate()).contains("new.example.org"));
        assertEquals(renamed.fingerprint(), DeviceCertificate.ensure(tls, List.of("new.example.org")).fingerprint());
    }

    @Test
    void refusesInvalidHostNames() {
        assertThrows(IllegalArgumentException.class, () -> DeviceCertificate.ensure(tls, List.of("bad name")));
        assertThrows(IllegalArgumentException.class, () -> DeviceCertificate.ensure(tls, List.of("-x.example")));
    }

    @Test
    void validForAtMost825DaysAndRenewedAtAStartWithinAMonthOfItsEnd() throws Exception {
        Instant made = Instant.parse("2026-01-10T12:00:00Z");
        DeviceCertificate first = DeviceCertificate.ensure(tls, List.of(), Clock.fixed(made, ZoneOffset.UTC));
        X509Certificate certificate = first.certificate();
        long days = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays();
        assertTrue(days <= 825, days + " days");
        Instant end = certificate.getNotAfter().toInstant();
        assertEquals(first.fingerprint(), DeviceCertificate.ensure(tls, List.of(),
                Clock.fixed(end.minus(Duration.ofDays(31)), ZoneOffset.UTC)).fingerprint(), "kept until a month before");
        DeviceCertificate renewed = DeviceCertificate.ensure(tls, List.of(),
                Clock.fixed(end.minus(Duration.ofDays(29)), ZoneOffset.UTC));
        assertNotEquals(first.fingerprint(), renewed.fingerprint());
        assertTrue(renewed.certificate().getNotAfter().toInstant().isAfter(end.plus(Duration.ofDays(700))));
        assertEquals(alternativeNames(certificate), alternativeNames(renewed.certificate()), "the same names");
    }
}

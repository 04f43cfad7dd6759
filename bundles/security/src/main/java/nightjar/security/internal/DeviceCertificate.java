package nightjar.security.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's own TLS certificate: an EC P-256 key and a self-signed certificate naming the
 * host, {@code <host>.local}, {@code localhost} and the machine's addresses, kept as a PKCS#12
 * keystore in {@code data/tls/} with owner-only permissions. Made on first start; made again only
 * when it expires or no longer names a configured host name, so a pinned fingerprint stays valid.
 * It is valid for {@value #VALIDITY_DAYS} days, the most that Apple's platforms accept for a server
 * certificate, and a start within {@value #RENEW_BEFORE_DAYS} days of its end makes a new one (new
 * key, same names), which the log says.
 */
final class DeviceCertificate {
    static final String KEYSTORE_FILE = "device.p12";
    static final String PASSWORD_FILE = "device.p12.password";
    static final String CERTIFICATE_FILE = "device.crt";
    static final String ALIAS = "nightjar";
    static final int VALIDITY_DAYS = 825;
    /** Renew this long before expiry, so a running appliance never serves an expired certificate. */
    static final int RENEW_BEFORE_DAYS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCertificate.class);
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private final Path keystore;
    private final char[] password;
    private final X509Certificate certificate;

    private DeviceCertificate(Path keystore, char[] password, X509Certificate certificate) {
        this.keystore = keystore;
        this.password = password;
        this.certificate = certificate;
    }

    /** Loads the certificate from {@code tlsDirectory}, making a new one when needed. */
    static DeviceCertificate ensure(Path tlsDirectory, Collection<String> extraHostNames)
            throws IOException, GeneralSecurityException {
        return ensure(tlsDirectory, extraHostNames, Clock.systemUTC());
    }

    /** As {@link #ensure(Path, Collection)}, at the time the clock tells. */
    static DeviceCertificate ensure(Path tlsDirectory, Collection<String> extraHostNames, Clock clock)
            throws IOException, GeneralSecurityException {
        Instant now = clock.instant();
        Path keystore = tlsDirectory.resolve(KEYSTORE_FILE);
        Path passwordFile = tlsDirectory.resolve(PASSWORD_FILE);
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(localHostName());
        wanted.add(localHostName() + ".local");
        wanted.add("localhost");
        for (String name : extraHostNames) {
            if (!HOST_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid host name");
            }
            wanted.add(name);
        }
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
            X509Certificate existing = load(keystore, password);
            Instant end = existing.getNotAfter().toInstant();
            if (end.isBefore(now.plus(Duration.ofDays(RENEW_BEFORE_DAYS)))) {
                LOG.info("The device certificate ends on {}: making a new one (new key, new fingerprint)", end);
            } else if (namesAll(existing, wanted)) {
                return new DeviceCertificate(keystore, password, existing);
            }
        }
        char[] password = AccountStore.randomPassword().toCharArray();
        X509Certificate created = create(keystore, password, wanted, now);
        SecureFiles.write(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
        SecureFiles.write(tlsDirectory.resolve(CERTIFICATE_FILE), pem(created));
        return new DeviceCertificate(keystore, password, created);
    }

    Path keystore() {
        return keystore;
    }

    char[] password() {
        return password.clone();
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The SHA-256 fingerprint as colon-separated hex, as browsers show it. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean namesAll(X509Certificate certificate, Set<String> wantedNames)
            throws GeneralSecurityException {
        Set<String> named = new LinkedHashSet<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> alternative : alternatives) {
                if (Integer.valueOf(GeneralName.dNSName).equals(alternative.get(0))) {
                    named.add(String.valueOf(alternative.get(1)));
                }
            }
        }
        return named.containsAll(wantedNames);
    }

    private static X509Certificate load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        Certificate certificate = store.getCertificate(ALIAS);
        if (!(certificate instanceof X509Certificate x509)) {
            throw new GeneralSecurityException(keystore + " has no certificate under the alias " + ALIAS);
        }
        return x509;
    }

    private static X509Certificate create(Path keystore, char[] password, Set<String> hostNames, Instant now)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = generator.generateKeyPair();

        String host = hostNames.iterator().next();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Nightjar")
                .addRDN(BCStyle.CN, host)
                .build();
        // A day back, for clients whose clocks are behind; the whole span is at most VALIDITY_DAYS.
        Instant notBefore = now.minus(Duration.ofDays(1));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()), Date.from(notBefore),
                Date.from(notBefore.plus(Duration.ofDays(VALIDITY_DAYS))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hostNames));
        X509Certificate certificate;
        try {
            BouncyCastleProvider provider = new BouncyCastleProvider();
            certificate = new JcaX509CertificateConverter().setProvider(provider).getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider)
                            .build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the device certificate", e);
        }

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {certificate});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);
        SecureFiles.write(keystore, bytes.toByteArray());
        return certificate;
    }

    private static GeneralNames subjectAlternativeNames(Set<String> hostNames) {
        Set<GeneralName> names = new LinkedHashSet<>();
        for (String name : hostNames) {
            names.add(new GeneralName(GeneralName.dNSName, name));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                for (InetAddress address : nic.inetAddresses().toList()) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress().replaceFirst("%.*", "")));
                    }
                }
            }
        } catch (SocketException e) {
            // Without the interface list the certificate still names the host; addresses are a convenience.
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static byte[] pem(X509Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static String localHostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "nightjar";
            }
        }
        int dot = name.indexOf('.');
        String shortName = dot > 0 ? name.substring(0, dot) : name;
        return HOST_NAME.matcher(shortName).matches() ? shortName : "nightjar";
    }
}

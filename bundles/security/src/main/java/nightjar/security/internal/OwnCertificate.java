package nightjar.security.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The user's own certificate, uploaded as PEM (the certificate, any intermediate certificates,
 * and the unencrypted private key, in one text). It is checked before anything is written: well
 * formed, valid now, and the key belongs to the first certificate. It is kept as its own PKCS#12
 * keystore in {@code data/tls/} (owner-only, written atomically) and wins over the device
 * certificate until it is removed.
 */
final class OwnCertificate {
    static final String KEYSTORE_FILE = "own.p12";
    static final String PASSWORD_FILE = "own.p12.password";
    static final int MAX_PEM_CHARS = 64 * 1024;

    private OwnCertificate() {
    }

    /** The keystore and its password, when an own certificate is installed. */
    record Installed(Path keystore, char[] password, X509Certificate certificate) {
    }

    static Optional<Installed> load(Path tlsDirectory) throws IOException, GeneralSecurityException {
        Path keystore = tlsDirectory.resolve(KEYSTORE_FILE);
        Path passwordFile = tlsDirectory.resolve(PASSWORD_FILE);
        if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
            return Optional.empty();
        }
        char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        if (!(store.getCertificate(DeviceCertificate.ALIAS) instanceof X509Certificate certificate)) {
            throw new GeneralSecurityException(keystore + " has no certificate under " + DeviceCertificate.ALIAS);
        }
        return Optional.of(new Installed(keystore, password, certificate));
    }

    /**
     * Checks and installs an uploaded PEM text.
     *
     * @throws IllegalArgumentException saying what is wrong with it; nothing is written then
     */
    static X509Certificate install(Path tlsDirectory, String pem) throws IOException, GeneralSecurityException {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("the PEM text is over " + MAX_PEM_CHARS + " characters");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException("the private key is encrypted: upload it without a passphrase");
        }
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(certificates.getCertificate(holder));
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("the private key is encrypted: upload it without a passphrase");
                } else if (item instanceof PEMKeyPair || item instanceof PrivateKeyInfo) {
                    if (key != null) {
                        throw new IllegalArgumentException("the PEM text holds more than one private key");
                    }
                    key = item instanceof PEMKeyPair pair ? keys.getKeyPair(pair).getPrivate()
                            : keys.getPrivateKey((PrivateKeyInfo) item);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("not readable PEM: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate (-----BEGIN CERTIFICATE-----) in the PEM text");
        }
        if (key == null) {
            throw new IllegalArgumentException("no private key (-----BEGIN PRIVATE KEY-----) in the PEM text");
        }
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IllegalArgumentException("the certificate is not valid now (" + leaf.getNotBefore() + " to "
                    + leaf.getNotAfter() + ")", e);
        }
        if (!belongs(key, leaf)) {
            throw new IllegalArgumentException("the private key does not belong to the first certificate");
        }
        char[] password = AccountStore.randomPassword().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(DeviceCertificate.ALIAS, key, password, chain.toArray(Certificate[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);
        // The password first: a keystore without its password is ignored, a password without its keystore too.
        SecureFiles.write(tlsDirectory.resolve(PASSWORD_FILE), (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
        SecureFiles.write(tlsDirectory.resolve(KEYSTORE_FILE), bytes.toByteArray());
        return leaf;
    }

    static void remove(Path tlsDirectory) throws IOException {
        Files.deleteIfExists(tlsDirectory.resolve(KEYSTORE_FILE));
        Files.deleteIfExists(tlsDirectory.resolve(PASSWORD_FILE));
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static boolean belongs(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

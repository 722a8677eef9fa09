package io.digitstream.kafka.embedded.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A throw-away certificate authority for the embedded broker: it signs the broker's certificate (valid for 127.0.0.1
 * and localhost, so clients keep host name verification on) and one client certificate per principal, whose common
 * name becomes the Kafka principal under mutual TLS. Everything is written as PKCS12, the format every JVM reads.
 */
final class CertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    static CertificateAuthority create(String commonName) {
        KeyPair keyPair = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            JcaX509v3CertificateBuilder builder = builder(name, name, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new CertificateAuthority(keyPair, sign(builder, keyPair));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A key pair and certificate for {@code CN=commonName}, for TLS servers and clients both. */
    IssuedCertificate issue(String commonName) {
        KeyPair pair = newKeyPair();
        try {
            JcaX509v3CertificateBuilder builder =
                    builder(new X500Name(certificate.getSubjectX500Principal().getName()),
                            new X500Name("CN=" + commonName), pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new IssuedCertificate(pair, sign(builder, keyPair), certificate);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for CN=" + commonName, e);
        }
    }

    /** Writes a PKCS12 trust store holding only this CA's certificate. */
    void writeTrustStore(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("digit-stream-ca", certificate);
            write(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the trust store " + file, e);
        }
    }

    static void write(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        SecretFiles.ownerOnly(file);
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                // A minute back, so a client whose clock is slightly behind still accepts it.
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(VALIDITY)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key pair generator in this JVM", e);
        }
    }

    /** A key pair with its certificate chain (leaf, CA). */
    record IssuedCertificate(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {

        /** Writes a PKCS12 key store with the private key under alias {@code alias}, protected by {@code password}. */
        void writeKeyStore(Path file, String alias, char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(alias, keyPair.getPrivate(), password, new Certificate[] {certificate, issuer});
                write(store, file, password);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot write the key store " + file, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the key store " + file, e);
            }
        }
    }
}

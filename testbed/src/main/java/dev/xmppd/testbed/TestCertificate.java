package dev.xmppd.testbed;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A freshly generated self-signed server certificate (RSA 2048, SHA-256) with a single DNS
 * subjectAltName, written as PEM files. RSA rather than EC because every TLS stack involved
 * (LuaSec, Erlang ssl, Python ssl, JSSE) accepts it with its default cipher list.
 *
 * @param dnsName        the subjectAltName and CN, e.g. {@code "localhost"} or {@code "wrong.example"}
 * @param certificatePem the certificate file (PEM)
 * @param privateKeyPem  the unencrypted PKCS#8 private key file (PEM)
 * @param sha256         lowercase hex SHA-256 of the DER certificate, for pinning
 * @param certificate    the certificate itself
 */
public record TestCertificate(String dnsName, Path certificatePem, Path privateKeyPem, String sha256,
                              X509Certificate certificate) {

    private static final Duration VALIDITY = Duration.ofDays(30);

    /** Generates a certificate for {@code dnsName} and writes {@code cert.pem} and {@code key.pem} into {@code dir}. */
    public static TestCertificate generate(Path dir, String dnsName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + dnsName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            Path certPath = dir.resolve("cert.pem");
            Path keyPath = dir.resolve("key.pem");
            Files.writeString(certPath, pem(certificate));
            Files.writeString(keyPath, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            String sha256 = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return new TestCertificate(dnsName, certPath, keyPath, sha256, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a test certificate for " + dnsName, e);
        }
    }

    /** The certificate followed by the key, as ejabberd's {@code certfiles} wants them. */
    public String combinedPem() {
        try {
            return Files.readString(certificatePem, StandardCharsets.US_ASCII)
                    + Files.readString(privateKeyPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}

package bench;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code Setup <dir>}: writes a fresh Ed25519 key pair (public.pem for GHL_WEBHOOK_PUBLIC_KEY, private.b64
 * for the load generator) and prints three free local ports: the bridge's webhook port, the stand-ins' port, and
 * the bridge's management port (newer versions serve /observe/health there; older ones ignore it).
 */
public final class Setup {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] raw = key.generatePublicKey().getEncoded();
        byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(spki) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(dir.resolve("private.b64"), Base64.getEncoder().encodeToString(key.getEncoded()));
        // all three open at once, so they are distinct
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
            System.out.println(a.getLocalPort() + " " + b.getLocalPort() + " " + c.getLocalPort());
        }
    }
}

package dev.bridge.webhook;

import dev.bridge.config.ConfigProblem;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads an X.509 (SPKI) public key given as PEM or bare base64. */
final class PublicKeys {

    private PublicKeys() {
    }

    static byte[] spki(String envName, String value) {
        String b64 = value.replace("\\n", "\n")
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(envName + " is not a PEM public key: paste the '-----BEGIN PUBLIC KEY-----' block or its base64 body");
        }
    }

    static PublicKey rsa(String envName, String value) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki(envName, value)));
        } catch (ConfigProblem e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigProblem(envName + " is not an RSA public key: use the PEM key GHL publishes for x-wh-signature");
        }
    }

    /** The raw 32-byte Ed25519 key: the last 32 bytes of its 44-byte SPKI form. */
    static byte[] ed25519(String envName, String value) {
        byte[] spki = spki(envName, value);
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (Exception e) {
            throw new ConfigProblem(envName + " is not an Ed25519 public key: use the PEM key GHL publishes for X-GHL-Signature");
        }
        byte[] raw = new byte[32];
        System.arraycopy(spki, spki.length - 32, raw, 0, 32);
        return raw;
    }
}

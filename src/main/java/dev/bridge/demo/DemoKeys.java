package dev.bridge.demo;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The demo's stand-in for GHL's signing key and the GitLab webhook secret: made at start, kept in memory only,
 * so no key or secret is ever stored with the project; and the tokens and ids made up for the run.
 */
final class DemoKeys {

    /** SPKI prefix of an Ed25519 public key (RFC 8410): what a PEM public key holds before the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters ghlKey;
    private final String gitlabSecret;

    DemoKeys() {
        this.ghlKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        this.gitlabSecret = randomToken();
    }

    /** A secret made up for this run (tokens, webhook secret): none is stored anywhere. */
    static String randomToken() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** An id as GHL makes them: 20 letters and digits. */
    static String ghlId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    /** What the bridge gets as ghl.webhook-public-key. */
    String ghlPublicKeyPem() {
        byte[] raw = ghlKey.generatePublicKey().getEncoded();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki) + "\n-----END PUBLIC KEY-----";
    }

    /** The X-GHL-Signature header value for a body: Ed25519 over the raw bytes, base64. */
    String ghlSignature(byte[] body) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, ghlKey);
        signer.update(body, 0, body.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /** What the bridge gets as gitlab.webhook-secret and GitLab sends as X-Gitlab-Token. */
    String gitlabSecret() {
        return gitlabSecret;
    }
}

package dev.bridge.webhook;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * HighLevel webhook signatures over the raw body: X-GHL-Signature (Ed25519) when present, otherwise the
 * legacy x-wh-signature (RSA-SHA256). Like GHL's SDKs, a present Ed25519 header never falls back to RSA.
 */
public final class GhlSignatures {

    private final byte[] ed25519Key;
    private final PublicKey rsaKey;

    public GhlSignatures(String ed25519Pem, String rsaPem) {
        this.ed25519Key = PublicKeys.ed25519("GHL_WEBHOOK_PUBLIC_KEY", ed25519Pem);
        this.rsaKey = PublicKeys.rsa("GHL_WEBHOOK_RSA_PUBLIC_KEY", rsaPem);
    }

    public void verify(Map<String, Object> headers, byte[] body) throws Rejection {
        String ed = Headers.value(headers, "X-GHL-Signature");
        if (ed != null) {
            if (!ed25519(ed, body)) {
                throw new Rejection(401, "X-GHL-Signature does not match the body");
            }
            return;
        }
        String rsa = Headers.value(headers, "x-wh-signature");
        if (rsa != null) {
            if (!rsa(rsa, body)) {
                throw new Rejection(401, "x-wh-signature does not match the body");
            }
            return;
        }
        throw new Rejection(401, "no X-GHL-Signature or x-wh-signature header");
    }

    private boolean ed25519(String signature, byte[] body) {
        byte[] sig = decode(signature);
        return sig != null && sig.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(sig, 0, ed25519Key, 0, body, 0, body.length);
    }

    private boolean rsa(String signature, byte[] body) {
        byte[] sig = decode(signature);
        if (sig == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(rsaKey);
            verifier.update(body);
            return verifier.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

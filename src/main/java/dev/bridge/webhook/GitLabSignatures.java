package dev.bridge.webhook;

import dev.bridge.config.ConfigProblem;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * GitLab deliveries: with a signing token, the Standard Webhooks HMAC in webhook-signature is required (and an
 * X-Gitlab-Token sent beside it must still match the secret); without one, the X-Gitlab-Token secret. Both compare
 * in constant time.
 */
public final class GitLabSignatures {

    private final byte[] secret;
    private final byte[] signingKey;
    private final long maxAgeSeconds;
    private final Clock clock;

    public GitLabSignatures(String secret, String signingToken, long maxAgeSeconds, Clock clock) {
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.signingKey = signingToken == null ? null : signingKey(signingToken);
        this.maxAgeSeconds = maxAgeSeconds;
        this.clock = clock;
    }

    public boolean configured() {
        return secret != null || signingKey != null;
    }

    private static byte[] signingKey(String token) {
        String b64 = token.startsWith("whsec_") ? token.substring(6) : token;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem("GITLAB_WEBHOOK_SIGNING_TOKEN is not a signing token: copy the whsec_... value GitLab showed when you generated it");
        }
    }

    public void verify(Map<String, Object> headers, byte[] body) throws Rejection {
        if (!configured()) {
            throw new Rejection(401, "GitLab webhooks are not accepted: the bridge has neither GITLAB_WEBHOOK_SECRET nor GITLAB_WEBHOOK_SIGNING_TOKEN");
        }
        String token = Headers.value(headers, "X-Gitlab-Token");
        if (signingKey != null) {
            // with a signing token the signature is required: a right X-Gitlab-Token alone is a downgrade
            String signature = Headers.value(headers, "webhook-signature");
            if (signature == null) {
                throw new Rejection(401, "no webhook-signature header: GITLAB_WEBHOOK_SIGNING_TOKEN is set, so every delivery must be signed");
            }
            verifySignature(headers, signature, body);
            if (secret != null && token != null && !MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
                throw new Rejection(401, "X-Gitlab-Token does not match");
            }
            return;
        }
        if (token == null) {
            throw new Rejection(401, "no X-Gitlab-Token header");
        }
        if (!MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
            throw new Rejection(401, "X-Gitlab-Token does not match");
        }
    }

    private void verifySignature(Map<String, Object> headers, String signature, byte[] body) throws Rejection {
        String id = Headers.value(headers, "webhook-id");
        String ts = Headers.value(headers, "webhook-timestamp");
        if (id == null || ts == null) {
            throw new Rejection(401, "webhook-signature needs webhook-id and webhook-timestamp headers");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw new Rejection(401, "webhook-timestamp is not Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > maxAgeSeconds) {
            throw new Rejection(401, "webhook-timestamp is outside the accepted window of " + maxAgeSeconds + " s");
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new Rejection(401, "webhook-signature cannot be checked");
        }
        for (String candidate : signature.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw new Rejection(401, "webhook-signature does not match the body");
    }
}

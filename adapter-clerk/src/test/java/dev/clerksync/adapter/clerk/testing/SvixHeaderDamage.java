package dev.clerksync.adapter.clerk.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * What a fuzz case does to the Svix headers of a delivery signed with the signer it is given: some
 * damage keeps a valid signature (another header naming, padding, a rotation list), the rest must
 * make the delivery untrusted.
 */
public enum SvixHeaderDamage {
    NONE(true), STANDARD_WEBHOOK_NAMES(true), VALUES_PADDED(true), ROTATION_LIST(true),
    MISSING_ID(false), MISSING_TIMESTAMP(false), MISSING_SIGNATURE(false), NO_HEADERS(false),
    WRONG_SECRET(false), TIMESTAMP_TOO_OLD(false), TIMESTAMP_TOO_NEW(false), GARBAGE_TIMESTAMP(false),
    GARBAGE_SIGNATURE(false), OTHER_ID(false), V2_SCHEME(false), MIXED_HEADER_SETS(false),
    LONG_ID(false), NUL_IN_ID(false), HUGE_TIMESTAMP(false), SIGNATURE_OF_ANOTHER_BODY(false);

    /** A secret the endpoint does not know. */
    public static final String OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZXM=";

    private final boolean valid;

    SvixHeaderDamage(boolean valid) {
        this.valid = valid;
    }

    /** Whether the delivery still carries a valid signature for its body. */
    public boolean keepsAValidSignature() {
        return valid;
    }

    /** Any damage, shrinking towards {@link #NONE}. */
    public static Gen<SvixHeaderDamage> all() {
        return in -> values()[(int) in.next(Constraint.between(0, values().length - 1))];
    }

    /** Only damage that leaves no valid signature. */
    public static Gen<SvixHeaderDamage> forged() {
        var forged = java.util.Arrays.stream(values()).filter(damage -> !damage.valid).toList();
        return in -> forged.get((int) in.next(Constraint.between(0, forged.size() - 1)));
    }

    /** The headers of {@code body} signed now by {@code signer} with a fresh id, then damaged. */
    public Map<String, String> apply(SvixTestSigner signer, String body) {
        String id = SvixTestSigner.newMessageId();
        Instant now = Instant.now();
        var good = signer.headers(id, now, body);
        Map<String, String> headers = new LinkedHashMap<>(good.asMap());
        switch (this) {
            case NONE -> { }
            case STANDARD_WEBHOOK_NAMES -> headers = new LinkedHashMap<>(good.asStandardWebhookMap());
            case VALUES_PADDED -> headers.replaceAll((name, value) -> "  " + value + "\t");
            case ROTATION_LIST -> headers.put("svix-signature",
                    "v1,AAAA v1a,xyz " + new SvixTestSigner(OTHER_SECRET).signature(id, now, body) + " " + good.signature());
            case MISSING_ID -> headers.remove("svix-id");
            case MISSING_TIMESTAMP -> headers.remove("svix-timestamp");
            case MISSING_SIGNATURE -> headers.remove("svix-signature");
            case NO_HEADERS -> headers.clear();
            case WRONG_SECRET -> headers.put("svix-signature", new SvixTestSigner(OTHER_SECRET).signature(id, now, body));
            // A minute beyond Svix's 5-minute tolerance: a large body on a busy machine may take a
            // second or more between signing and verifying, which would bring "too new" back in range.
            case TIMESTAMP_TOO_OLD -> headers = new LinkedHashMap<>(signer.headers(id, now.minusSeconds(360), body).asMap());
            case TIMESTAMP_TOO_NEW -> headers = new LinkedHashMap<>(signer.headers(id, now.plusSeconds(360), body).asMap());
            case GARBAGE_TIMESTAMP -> headers.put("svix-timestamp", "17e8");
            case GARBAGE_SIGNATURE -> headers.put("svix-signature", "v1,,,, v1 \u0000 ,=");
            case OTHER_ID -> headers.put("svix-id", SvixTestSigner.newMessageId());
            case V2_SCHEME -> headers.put("svix-signature", good.signature().replace("v1,", "v2,"));
            case MIXED_HEADER_SETS -> {
                headers.remove("svix-signature");
                headers.put("webhook-signature", good.signature());
            }
            case LONG_ID -> headers.put("svix-id", "msg_" + "x".repeat(5_000));
            case NUL_IN_ID -> headers.put("svix-id", "msg_\u0000");
            case HUGE_TIMESTAMP -> headers.put("svix-timestamp", "99999999999999999999999");
            case SIGNATURE_OF_ANOTHER_BODY -> headers.put("svix-signature", signer.signature(id, now, body + " "));
        }
        return headers;
    }
}

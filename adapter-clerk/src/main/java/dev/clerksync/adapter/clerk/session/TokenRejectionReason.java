package dev.clerksync.adapter.clerk.session;

/**
 * Why a session token was not accepted, in Clerk's own vocabulary ({@code TokenVerificationErrorReason}
 * and {@code AuthErrorReason} of {@code @clerk/backend}), so logs and dashboards read the same as
 * for Clerk's SDKs.
 */
public enum TokenRejectionReason {

    /** Not a compact JWS, or a claim Clerk's SDKs do not check (here: {@code iss}) is wrong. */
    TOKEN_INVALID("token-invalid"),
    /** {@code alg} is not RS256, RS384 or RS512 (so {@code none} and HS256 key confusion fail here). */
    TOKEN_INVALID_ALGORITHM("token-invalid-algorithm"),
    /** The signature does not verify with the instance's key. */
    TOKEN_INVALID_SIGNATURE("token-invalid-signature"),
    /** A required claim is missing or of the wrong type ({@code sub}, {@code sid}, {@code exp}...). */
    TOKEN_VERIFICATION_FAILED("token-verification-failed"),
    /** {@code azp} is missing or not one of the authorized parties. */
    TOKEN_INVALID_AUTHORIZED_PARTIES("token-invalid-authorized-parties"),
    /** {@code exp} has passed (beyond the allowed clock skew). */
    TOKEN_EXPIRED("token-expired"),
    /** {@code nbf} is still ahead (beyond the allowed clock skew). */
    TOKEN_NOT_ACTIVE_YET("token-not-active-yet"),
    /** {@code iat} is in the future (beyond the allowed clock skew). */
    TOKEN_IAT_IN_THE_FUTURE("token-iat-in-the-future"),
    /** A JWT of another class (JWT template, machine token) where a session token is expected. */
    TOKEN_TYPE_MISMATCH("token-type-mismatch"),
    /** The instance's keys, freshly fetched, have no key with the token's {@code kid}. */
    JWK_KID_MISMATCH("jwk-kid-mismatch");

    private final String code;

    TokenRejectionReason(String code) {
        this.code = code;
    }

    /** {@return Clerk's reason code, e.g. {@code token-expired}} */
    public String code() {
        return code;
    }

    /**
     * Whether a fresh token from Clerk would fix it (the token is merely too old or too new), which is
     * what makes a page load worth a handshake.
     *
     * @return whether a handshake could cure it
     */
    public boolean isCuredByFreshToken() {
        return this == TOKEN_EXPIRED || this == TOKEN_NOT_ACTIVE_YET || this == TOKEN_IAT_IN_THE_FUTURE;
    }

    @Override
    public String toString() {
        return code;
    }
}

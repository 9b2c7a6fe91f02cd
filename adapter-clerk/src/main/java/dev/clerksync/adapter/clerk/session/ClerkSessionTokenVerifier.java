package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Rejected;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification.Verified;
import dev.clerksync.adapter.clerk.session.UnverifiedToken.MalformedTokenException;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.InvalidUserDataException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Verifies Clerk session tokens as {@code verifyToken} of {@code @clerk/backend} does, and checks
 * {@code iss} as well.
 *
 * <p>Order: the token must be a compact JWS; its header must say {@code alg} RS256, RS384 or RS512,
 * {@code typ} absent or {@code JWT}, and {@code cat} absent or a session category; then the key is
 * found by {@code kid} and the <b>signature is verified before any claim is looked at</b>, so a forged
 * token learns nothing about which claim would have failed. Then {@code sub}, {@code sid},
 * {@code iss} (= {@code https://} + the publishable key's Frontend API host; Clerk's SDKs skip it),
 * {@code azp} (required and listed when authorized parties are configured), {@code exp} (required),
 * {@code nbf} and {@code iat} (optional), with Clerk's exact comparisons against the clock and skew.
 *
 * <p>Header checks run before the key lookup, so a token that can never verify never causes a JWKS
 * download. Cached-key verification parses the token once and runs one RSA verification; no key is
 * parsed and no verifier built per call.
 */
public final class ClerkSessionTokenVerifier implements AutoCloseable {

    /** The algorithms Clerk signs with ({@code packages/backend/src/jwt/algorithms.ts}). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    /** {@code cat} of session tokens (and of handshake tokens). */
    public static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";
    /**
     * {@code cat} that instances with {@code use_ignore_jwt_cat} stamp on every token class: it carries
     * no class information, so (like an absent {@code cat} on tokens minted before categories) it is
     * accepted; rejecting it would sign out every user of such an instance.
     */
    public static final String IGNORED_CATEGORY = "cl_I7d4PD111III";

    private final ClerkSessionSettings settings;
    private final VerificationKeys keys;
    private final Clock clock;
    private final long skewMillis;
    private final List<String> authorizedParties;
    /** Decoded from the publishable key once: it is compared with every token's iss. */
    private final String issuer;

    ClerkSessionTokenVerifier(ClerkSessionSettings settings, VerificationKeys keys) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.keys = Objects.requireNonNull(keys, "keys must not be null");
        this.clock = settings.clock();
        this.skewMillis = settings.clockSkew().toMillis();
        this.authorizedParties = settings.authorizedParties();
        this.issuer = settings.issuer();
    }

    /**
     * A verifier with its own key source: the {@code CLERK_JWT_KEY} when set (no network), otherwise
     * the JWKS from the Backend API, cached per verifier. {@link #close()} releases its HTTP client.
     *
     * @param settings the instance's keys, issuer and rules
     * @return the verifier
     */
    public static ClerkSessionTokenVerifier create(ClerkSessionSettings settings) {
        return create(settings, ClerkSessionObserver.NONE);
    }

    /** As {@link #create(ClerkSessionSettings)}, telling {@code observer} about each key download. */
    public static ClerkSessionTokenVerifier create(ClerkSessionSettings settings, ClerkSessionObserver observer) {
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(observer, "observer must not be null (use ClerkSessionObserver.NONE)");
        VerificationKeys keys = settings.jwtKey().<VerificationKeys>map(PemVerificationKeys::new)
                .orElseGet(() -> new RemoteJwksKeys(
                        new BackendApiJwksFetcher(settings.apiUrl(), settings.secretKey().orElseThrow(),
                                settings.httpConnectTimeout(), settings.httpRequestTimeout()),
                        settings.clock(), observer));
        return new ClerkSessionTokenVerifier(settings, keys);
    }

    /**
     * Verifies a compact session token. Emits {@link Verified} or {@link Rejected}; fails with
     * {@code SessionVerificationUnavailableException} only when the keys cannot be had. Never blocks:
     * a key download runs off the subscribing thread.
     *
     * @param token the compact JWT, as found in the header or cookie
     * @return the outcome (never empty)
     */
    public Mono<SessionTokenVerification> verify(String token) {
        Objects.requireNonNull(token, "token must not be null");
        UnverifiedToken decoded;
        try {
            decoded = UnverifiedToken.decode(token);
        } catch (MalformedTokenException e) {
            return Mono.just(new Rejected(TokenRejectionReason.TOKEN_INVALID, e.getMessage()));
        }
        return verify(decoded);
    }

    Mono<SessionTokenVerification> verify(UnverifiedToken token) {
        Optional<Rejected> headerProblem = checkHeader(token);
        if (headerProblem.isPresent()) {
            return Mono.just(headerProblem.get());
        }
        return keys.keyFor(token.keyId()).map(key -> key.isEmpty()
                ? new Rejected(TokenRejectionReason.JWK_KID_MISMATCH,
                        "the instance has no key with the token's kid, even after downloading its keys again")
                : verifyWith(token, key.get()));
    }

    /**
     * Checks a handshake token as Clerk's {@code verifyHandshakeToken} does: the header rules of
     * session tokens (Clerk mints handshake tokens with the session category, so a JWT template, whose
     * author controls its claims, can never pass as one) and the signature, with the same keys as
     * session tokens. No claim is checked: like Clerk, the token only carries {@code Set-Cookie}
     * directives, and the session token among them is verified on its own when it is used.
     *
     * <p>Emits an empty {@code Optional} when the token checks out, or why it does not. Fails with
     * {@code SessionVerificationUnavailableException} only when the keys cannot be had. Never blocks.
     */
    Mono<Optional<Rejected>> verifyHandshakeSignature(UnverifiedToken token) {
        Optional<Rejected> headerProblem = checkHeader(token);
        if (headerProblem.isPresent()) {
            return Mono.just(headerProblem);
        }
        return keys.keyFor(token.keyId()).map(key -> key.isEmpty()
                ? Optional.of(new Rejected(TokenRejectionReason.JWK_KID_MISMATCH, "the instance has no key with the token's kid"))
                : signatureProblem(token, key.get()));
    }

    /** {@return the settings this verifier checks tokens against} */
    public ClerkSessionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        keys.close();
    }

    /** The header rules: {@code alg}, {@code typ} and {@code cat}; the signature is not checked here. */
    static Optional<Rejected> checkHeader(UnverifiedToken token) {
        Optional<JWSHeader> header = token.jwsHeader();
        if (header.isEmpty() || !ALGORITHMS.contains(header.get().getAlgorithm())) {
            return Optional.of(new Rejected(TokenRejectionReason.TOKEN_INVALID_ALGORITHM,
                    "alg is " + token.header().getAlgorithm() + "; only RS256, RS384 and RS512 are accepted"));
        }
        if (header.get().getType() != null && !"JWT".equals(header.get().getType().getType())) {
            return Optional.of(new Rejected(TokenRejectionReason.TOKEN_INVALID, "typ is not JWT"));
        }
        Object category = header.get().getCustomParam("cat");
        if (category != null && !SESSION_TOKEN_CATEGORY.equals(category) && !IGNORED_CATEGORY.equals(category)) {
            return Optional.of(new Rejected(TokenRejectionReason.TOKEN_TYPE_MISMATCH,
                    "the cat header says this is not a session token (a JWT template or machine token)"));
        }
        return Optional.empty();
    }

    private SessionTokenVerification verifyWith(UnverifiedToken token, VerificationKey key) {
        Optional<Rejected> signatureProblem = signatureProblem(token, key);
        return signatureProblem.isPresent() ? signatureProblem.get() : checkClaims(token);
    }

    /** Empty when the token is signed by this key with the algorithm the key allows. */
    private static Optional<Rejected> signatureProblem(UnverifiedToken token, VerificationKey key) {
        JWSHeader header = token.jwsHeader().orElseThrow();
        if (key.algorithm().isPresent() && !key.algorithm().get().equals(header.getAlgorithm())) {
            return Optional.of(new Rejected(TokenRejectionReason.TOKEN_INVALID_ALGORITHM,
                    "alg " + header.getAlgorithm() + " is not the " + key.algorithm().get() + " of the key it names"));
        }
        boolean signed;
        try {
            signed = key.verifier().verify(header, token.signingInput(), token.signature());
        } catch (JOSEException e) {
            signed = false;
        }
        return signed
                ? Optional.empty()
                : Optional.of(new Rejected(TokenRejectionReason.TOKEN_INVALID_SIGNATURE, "the signature does not verify"));
    }

    private SessionTokenVerification checkClaims(UnverifiedToken token) {
        if (!(token.claim("sub") instanceof String sub)) {
            return failed("sub is required and must be a string");
        }
        ClerkUserId userId;
        try {
            userId = new ClerkUserId(sub);
        } catch (InvalidUserDataException e) {
            return failed("sub is not a user id: " + e.getMessage());
        }
        // A session token always names its session; JWT-template tokens (which outlive their session) need not.
        if (!(token.claim("sid") instanceof String sid) || sid.isBlank()) {
            return failed("sid is required and must be a non-blank string");
        }
        if (!(token.claim("iss") instanceof String iss) || !iss.equals(issuer)) {
            return new Rejected(TokenRejectionReason.TOKEN_INVALID,
                    "iss is not " + issuer + ", the issuer of this instance's publishable key");
        }
        Optional<String> azp = token.claim("azp") instanceof String a && !a.isEmpty() ? Optional.of(a) : Optional.empty();
        if (!authorizedParties.isEmpty() && (azp.isEmpty() || !authorizedParties.contains(azp.get()))) {
            return new Rejected(TokenRejectionReason.TOKEN_INVALID_AUTHORIZED_PARTIES,
                    "azp is " + azp.map(p -> "\"" + p + "\"").orElse("missing") + "; expected one of " + authorizedParties);
        }

        long now = clock.millis();
        Object exp = token.claim("exp");
        if (!(exp instanceof Number expNumber)) {
            return failed("exp is required and must be a number");
        }
        long expSeconds = UnverifiedToken.wholeSeconds(expNumber);
        if (millis(expSeconds) <= now - skewMillis) {
            return new Rejected(TokenRejectionReason.TOKEN_EXPIRED,
                    "the token expired at " + instant(expSeconds) + "; it is now " + Instant.ofEpochMilli(now));
        }
        Object nbf = token.claim("nbf");
        if (nbf != null && !(nbf instanceof Number)) {
            return failed("nbf must be a number");
        }
        Optional<Long> nbfSeconds = token.seconds("nbf");
        if (nbfSeconds.isPresent() && millis(nbfSeconds.get()) > now + skewMillis) {
            return new Rejected(TokenRejectionReason.TOKEN_NOT_ACTIVE_YET,
                    "the token is not valid before " + instant(nbfSeconds.get()) + "; it is now " + Instant.ofEpochMilli(now));
        }
        Object iat = token.claim("iat");
        if (iat != null && !(iat instanceof Number)) {
            return failed("iat must be a number");
        }
        Optional<Long> iatSeconds = token.seconds("iat");
        if (iatSeconds.isPresent() && millis(iatSeconds.get()) > now + skewMillis) {
            return new Rejected(TokenRejectionReason.TOKEN_IAT_IN_THE_FUTURE,
                    "the token was issued at " + instant(iatSeconds.get()) + ", in the future; it is now " + Instant.ofEpochMilli(now));
        }

        Optional<String> status = token.claim("sts") instanceof String s ? Optional.of(s) : Optional.empty();
        return new Verified(new SessionClaims(userId, sid, iss, azp, instant(expSeconds),
                iatSeconds.map(ClerkSessionTokenVerifier::instant), nbfSeconds.map(ClerkSessionTokenVerifier::instant),
                status, OrganizationClaims.from(token.claims())));
    }

    private static Rejected failed(String message) {
        return new Rejected(TokenRejectionReason.TOKEN_VERIFICATION_FAILED, message);
    }

    /** Seconds to milliseconds, saturating instead of overflowing for absurd claims. */
    private static long millis(long seconds) {
        if (seconds > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return seconds * 1000;
    }

    private static Instant instant(long seconds) {
        return Instant.ofEpochSecond(Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds)));
    }
}

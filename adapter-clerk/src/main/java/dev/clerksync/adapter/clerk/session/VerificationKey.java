package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * One of the instance's public keys, ready to verify with: the Nimbus verifier is built once when
 * the key is loaded, never per token, and so is the {@link Mono} that hands it out from the cache.
 */
final class VerificationKey {

    private final String keyId;
    private final Optional<JWSAlgorithm> algorithm;
    private final RSASSAVerifier verifier;
    /** Reused for every cache hit: a cached key costs no allocation to look up. */
    private final Mono<Optional<VerificationKey>> found = Mono.just(Optional.of(this));

    /**
     * @param keyId the JWK's {@code kid} ({@code ""} for the PEM key, which matches any)
     * @param algorithm the JWK's {@code alg}, when it declares one: tokens must then use exactly it
     */
    VerificationKey(String keyId, Optional<JWSAlgorithm> algorithm, RSAPublicKey key) {
        this.keyId = Objects.requireNonNull(keyId, "keyId must not be null");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm must not be null");
        // RSASSAVerifier is immutable after construction and makes a new java.security.Signature
        // per verify(), so one instance serves all threads.
        this.verifier = new RSASSAVerifier(Objects.requireNonNull(key, "key must not be null"));
    }

    String keyId() {
        return keyId;
    }

    Optional<JWSAlgorithm> algorithm() {
        return algorithm;
    }

    RSASSAVerifier verifier() {
        return verifier;
    }

    Mono<Optional<VerificationKey>> found() {
        return found;
    }
}

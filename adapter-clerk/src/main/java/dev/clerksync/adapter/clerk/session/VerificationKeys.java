package dev.clerksync.adapter.clerk.session;

import java.util.Optional;
import reactor.core.publisher.Mono;

/** Where the key for a token's {@code kid} comes from: the PEM setting, or the Backend API's JWKS. */
interface VerificationKeys extends AutoCloseable {

    /**
     * The key to verify a token with this {@code kid}: emits the key, or an empty {@code Optional}
     * when the instance has no such key ({@code jwk-kid-mismatch}). Fails with
     * {@code SessionVerificationUnavailableException} when the keys cannot be had right now. Never
     * blocks the subscribing thread.
     */
    Mono<Optional<VerificationKey>> keyFor(Optional<String> keyId);

    @Override
    default void close() {
    }
}

package dev.clerksync.adapter.clerk.session;

import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Networkless verification with {@code CLERK_JWT_KEY}: the one key verifies every token whatever
 * its {@code kid}, as in Clerk's SDKs (a wrong key still fails on the signature).
 */
final class PemVerificationKeys implements VerificationKeys {

    private final VerificationKey key;

    PemVerificationKeys(RSAPublicKey key) {
        this.key = new VerificationKey("", Optional.empty(), key);
    }

    @Override
    public Mono<Optional<VerificationKey>> keyFor(Optional<String> keyId) {
        return key.found();
    }
}

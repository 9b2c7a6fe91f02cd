package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.UserChange;
import reactor.core.publisher.Mono;

/**
 * Reads one user from the identity provider (Clerk's {@code GET /v1/users/{id}}) as a snapshot to
 * apply under the usual rules. Empty when the provider does not know the user (deleted, or never
 * existed).
 *
 * <p>Errors: {@code IdentityProviderUnavailableException} (unreachable or failing after retries),
 * {@code IdentityProviderCredentialsException} (our secret key is refused).
 */
public interface FetchProviderUserPort {

    /**
     * Reads the user.
     *
     * @param userId the user to read
     * @return the user as the provider has it now; empty when the provider does not know the user
     */
    Mono<UserChange.Snapshot> fetch(ClerkUserId userId);
}

package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.StoredUser;
import reactor.core.publisher.Mono;

/**
 * The signed-in user's synced row. A user whose webhook has not landed yet is provisioned just in
 * time from the identity provider, under the same rules as a webhook. Empty when the user is a
 * tombstone or the provider does not know them.
 *
 * <p>Errors: {@code IdentityProviderUnavailableException}, {@code IdentityProviderCredentialsException},
 * {@code UserStoreUnavailableException}.
 */
public interface GetCurrentUserUseCase {

    /**
     * Reads, or provisions just in time, the signed-in user's row.
     *
     * @param command the signed-in user
     * @return the live row; empty for a tombstone or a user the provider does not know
     */
    Mono<StoredUser> currentUser(GetCurrentUserCommand command);
}

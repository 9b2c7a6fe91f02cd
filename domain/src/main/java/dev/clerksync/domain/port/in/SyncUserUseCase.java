package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.SyncResult;
import reactor.core.publisher.Mono;

/**
 * Apply a user change under the same rules as a webhook: newer wins (equal re-applies), deletions
 * are final, an email address moves to the user with the newer information.
 */
public interface SyncUserUseCase {

    /**
     * Applies the change.
     *
     * @param command the change
     * @return what it did to the user table; fails with {@code UserStoreUnavailableException} when the
     *         database cannot be used (repeating the change is safe)
     */
    Mono<SyncResult> sync(SyncUserCommand command);
}

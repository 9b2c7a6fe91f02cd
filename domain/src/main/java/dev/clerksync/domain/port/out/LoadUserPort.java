package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import reactor.core.publisher.Mono;

/** Reads one row of the user table (tombstones included); empty when the user is unknown. */
public interface LoadUserPort {

    /**
     * Reads the user's row.
     *
     * @param userId the user
     * @return the row, tombstones included; empty when the user is unknown. Fails with
     *         {@code UserStoreUnavailableException} when the database cannot be used
     */
    Mono<StoredUser> load(ClerkUserId userId);
}

package dev.clerksync.domain.port.out;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import reactor.core.publisher.Mono;

/** Reads one row of the user table (tombstones included); empty when the user is unknown. */
public interface LoadUserPort {

    Mono<StoredUser> load(ClerkUserId userId);
}

package dev.clerksync.application.service;

import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.port.in.SyncUserCommand;
import dev.clerksync.domain.port.in.SyncUserUseCase;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Applies a change read from the provider outside a webhook. There is no delivery to deduplicate;
 * the ordering, tombstone and email rules are the very ones webhooks go through.
 */
public class SyncUserService implements SyncUserUseCase {

    private final ApplyUserChangePort users;

    public SyncUserService(ApplyUserChangePort users) {
        this.users = Objects.requireNonNull(users, "users must not be null");
    }

    @Override
    public Mono<SyncResult> sync(SyncUserCommand command) {
        return users.apply(command.change(), Optional.empty());
    }
}

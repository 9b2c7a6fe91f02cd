package dev.clerksync.application.service;

import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.port.in.GetCurrentUserCommand;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The signed-in user's row. A user who signs up and calls the API before the webhook has landed
 * (the guide's race, answered 404 there) is read from the provider and applied through the same
 * port and rules as a webhook, so the webhook that lands later is simply STALE or an equal replay.
 */
public class GetCurrentUserService implements GetCurrentUserUseCase {

    /** A person is waiting: the provider gets this long, retries included, before we answer 503. */
    public static final Duration DEFAULT_PROVIDER_BUDGET = Duration.ofSeconds(3);

    private final LoadUserPort storedUsers;
    private final FetchProviderUserPort providerUsers;
    private final ApplyUserChangePort changes;
    private final Duration providerBudget;

    public GetCurrentUserService(
            LoadUserPort storedUsers, FetchProviderUserPort providerUsers, ApplyUserChangePort changes) {
        this(storedUsers, providerUsers, changes, DEFAULT_PROVIDER_BUDGET);
    }

    public GetCurrentUserService(LoadUserPort storedUsers, FetchProviderUserPort providerUsers,
            ApplyUserChangePort changes, Duration providerBudget) {
        this.storedUsers = Objects.requireNonNull(storedUsers, "storedUsers must not be null");
        this.providerUsers = Objects.requireNonNull(providerUsers, "providerUsers must not be null");
        this.changes = Objects.requireNonNull(changes, "changes must not be null");
        this.providerBudget = Objects.requireNonNull(providerBudget, "providerBudget must not be null");
        if (providerBudget.isNegative() || providerBudget.isZero()) {
            throw new IllegalArgumentException("providerBudget must be positive");
        }
    }

    @Override
    public Mono<StoredUser> currentUser(GetCurrentUserCommand command) {
        var userId = command.userId();
        return storedUsers.load(userId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(stored -> stored.isPresent()
                        ? Mono.just(stored.get())
                        : providerUsers.fetch(userId)
                                .timeout(providerBudget, Mono.error(() -> new IdentityProviderUnavailableException(
                                        "the provider did not answer within " + providerBudget, null)))
                                .flatMap(snapshot -> changes.apply(snapshot, Optional.empty()))
                                .then(Mono.defer(() -> storedUsers.load(userId))))
                .filter(user -> !user.isDeleted());
    }
}

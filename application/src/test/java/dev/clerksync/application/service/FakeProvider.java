package dev.clerksync.application.service;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.ProviderUserPage;
import dev.clerksync.domain.model.UnusableProviderUser;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.ListProviderUsersPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The identity provider as the reconcile sees it: an ordered user list served in pages of a fixed
 * size (each page built when it is asked for, so changes made between pages show), and single-user
 * lookups. Records what was asked.
 */
final class FakeProvider implements ListProviderUsersPort, FetchProviderUserPort {

    private final int pageSize;
    private final Map<ClerkUserId, UserChange.Snapshot> users = new LinkedHashMap<>();
    private final List<UnusableProviderUser> unusable = new ArrayList<>();
    private final Map<Integer, Runnable> afterPage = new HashMap<>();
    private final List<ClerkUserId> lookups = new ArrayList<>();
    private final Set<ClerkUserId> unreadable = new HashSet<>();
    private int failOnPage = -1;

    FakeProvider(int pageSize) {
        this.pageSize = pageSize;
    }

    synchronized FakeProvider has(UserChange.Snapshot... snapshots) {
        for (var snapshot : snapshots) {
            users.put(snapshot.userId(), snapshot);
        }
        return this;
    }

    synchronized FakeProvider hasUnusable(String userId, String reason) {
        unusable.add(new UnusableProviderUser(Optional.of(new ClerkUserId(userId)), reason));
        return this;
    }

    /** Looking this user up fails as a user Clerk has but that cannot be read would. */
    synchronized FakeProvider unreadableOnLookup(String userId) {
        unreadable.add(new ClerkUserId(userId));
        return this;
    }

    synchronized void delete(String userId) {
        users.remove(new ClerkUserId(userId));
    }

    /** Runs {@code change} once page {@code number} has been served, before the next one is built. */
    synchronized FakeProvider afterPage(int number, Runnable change) {
        afterPage.put(number, change);
        return this;
    }

    /** The list fails (after retries, as the adapter would) instead of serving page {@code number}. */
    synchronized FakeProvider failOnPage(int number) {
        failOnPage = number;
        return this;
    }

    synchronized List<ClerkUserId> lookups() {
        return List.copyOf(lookups);
    }

    @Override
    public Flux<ProviderUserPage> listUsers() {
        return Mono.fromCallable(() -> page(1)).expand(page -> page.size() < pageSize
                ? Mono.empty()
                : Mono.fromCallable(() -> page(page.number() + 1)));
    }

    @Override
    public synchronized Mono<UserChange.Snapshot> fetch(ClerkUserId userId) {
        lookups.add(userId);
        if (unreadable.contains(userId)) {
            return Mono.error(new InvalidUserDataException("user has no updated_at"));
        }
        return Mono.justOrEmpty(users.get(userId));
    }

    private synchronized ProviderUserPage page(int number) {
        Optional.ofNullable(afterPage.remove(number - 1)).ifPresent(Runnable::run);
        if (number == failOnPage) {
            throw new IdentityProviderUnavailableException("the list failed on page " + number, null);
        }
        List<Object> all = new ArrayList<>(users.values());
        all.addAll(unusable);
        var entries = all.stream().skip((long) (number - 1) * pageSize).limit(pageSize).toList();
        return new ProviderUserPage(number,
                entries.stream().filter(UserChange.Snapshot.class::isInstance).map(UserChange.Snapshot.class::cast).toList(),
                entries.stream().filter(UnusableProviderUser.class::isInstance).map(UnusableProviderUser.class::cast).toList());
    }
}

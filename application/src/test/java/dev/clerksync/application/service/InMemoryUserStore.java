package dev.clerksync.application.service;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.EmailResolution;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.out.ApplyUserChangePort;
import dev.clerksync.domain.port.out.ListStoredUsersPort;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sync rules in their plainest form, one change at a time: the reference the use cases are
 * tested against (the database adapter is tested against the same rules on PostgreSQL).
 */
final class InMemoryUserStore implements ApplyUserChangePort, LoadUserPort, ListStoredUsersPort {

    private final Map<ClerkUserId, StoredUser> rows = new LinkedHashMap<>();
    private final Set<DeliveryId> deliveries = new HashSet<>();
    private final List<UserChange> applied = new ArrayList<>();

    @Override
    public synchronized Mono<SyncResult> apply(UserChange change, Optional<DeliveryId> delivery) {
        if (delivery.isPresent() && !deliveries.add(delivery.get())) {
            return Mono.just(SyncResult.of(SyncOutcome.DUPLICATE));
        }
        applied.add(change);
        return Mono.just(switch (change) {
            case UserChange.Deletion deletion -> delete(deletion);
            case UserChange.Snapshot snapshot -> upsert(snapshot);
        });
    }

    @Override
    public synchronized Mono<StoredUser> load(ClerkUserId userId) {
        return Mono.justOrEmpty(rows.get(userId));
    }

    @Override
    public synchronized Flux<ClerkUserId> liveUserIds() {
        return Flux.fromIterable(rows.values().stream()
                .filter(row -> !row.isDeleted())
                .map(StoredUser::userId)
                .sorted(Comparator.comparing(ClerkUserId::value))
                .toList());
    }

    @Override
    public synchronized Flux<StoredUser> loadAll(Collection<ClerkUserId> userIds) {
        return Flux.fromIterable(userIds.stream().distinct().map(rows::get).filter(row -> row != null).toList());
    }

    synchronized List<UserChange> applied() {
        return List.copyOf(applied);
    }

    private SyncResult delete(UserChange.Deletion deletion) {
        var current = rows.get(deletion.userId());
        if (current != null && current.isDeleted()) {
            return SyncResult.of(SyncOutcome.ALREADY_DELETED);
        }
        rows.put(deletion.userId(), new StoredUser(deletion.userId(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(),
                current == null ? Optional.empty() : current.createdAt(),
                current == null ? Optional.empty() : current.updatedAt(),
                Optional.of(deletion.deletedAt())));
        return SyncResult.of(SyncOutcome.DELETED);
    }

    private SyncResult upsert(UserChange.Snapshot snapshot) {
        var profile = snapshot.profile();
        var current = rows.get(snapshot.userId());
        if (current != null && current.isDeleted()) {
            return SyncResult.of(SyncOutcome.ALREADY_DELETED);
        }
        if (current != null && current.updatedAt().orElseThrow().isAfter(profile.updatedAt())) {
            return SyncResult.of(SyncOutcome.STALE);
        }
        var resolution = EmailResolution.AS_GIVEN;
        Optional<EmailAddress> email = profile.email();
        if (email.isPresent()) {
            var wanted = email;
            var holder = rows.values().stream()
                    .filter(row -> !row.userId().equals(snapshot.userId()) && row.email().equals(wanted))
                    .findFirst();
            if (holder.isPresent()) {
                if (holder.get().updatedAt().orElseThrow().isBefore(profile.updatedAt())) {
                    var other = holder.get();
                    rows.put(other.userId(), new StoredUser(other.userId(), Optional.empty(), other.name(),
                            other.username(), other.imageUrl(), other.createdAt(), other.updatedAt(),
                            other.deletedAt()));
                    resolution = EmailResolution.TAKEN_OVER;
                } else {
                    email = Optional.empty();
                    resolution = EmailResolution.WITHHELD;
                }
            }
        }
        rows.put(snapshot.userId(), new StoredUser(snapshot.userId(), email, profile.name(), profile.username(),
                profile.imageUrl(), Optional.of(profile.createdAt()), Optional.of(profile.updatedAt()),
                Optional.empty()));
        return new SyncResult(current == null ? SyncOutcome.CREATED : SyncOutcome.UPDATED, resolution);
    }
}

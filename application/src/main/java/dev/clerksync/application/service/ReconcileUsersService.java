package dev.clerksync.application.service;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.MassDeletionRefusedException;
import dev.clerksync.domain.model.ProviderUserPage;
import dev.clerksync.domain.model.ReconcileAction;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import dev.clerksync.domain.port.in.ReconcileUsersUseCase;
import dev.clerksync.domain.port.in.SyncUserCommand;
import dev.clerksync.domain.port.in.SyncUserUseCase;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.ListProviderUsersPort;
import dev.clerksync.domain.port.out.ListStoredUsersPort;
import dev.clerksync.domain.port.out.ReconcileLockPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes the user table match the provider in two passes, under the reconcile lock:
 * <ol>
 *   <li>the provider's list, page by page: the page's stored rows are read in one go, each user's
 *       {@link ReconcileAction} is decided on them, and every user that would change is applied
 *       through {@link SyncUserUseCase} (the webhook's rules, enforced atomically by the store, so a
 *       row that moved on since it was read is still never overwritten with older data). Users
 *       decided {@code UNCHANGED} are not written at all: a run over an up-to-date table writes
 *       nothing;</li>
 *   <li>once the whole list has been read, and only then, each stored live user the list did not
 *       contain is looked up on its own: a provider that no longer knows it makes it a tombstone,
 *       a provider that still does (a user created or changed during the walk) has it applied as a
 *       snapshot.</li>
 * </ol>
 * A dry run reads exactly the same (the per-user lookups included) and writes nothing; its counts
 * are the decisions. An applied run counts what the store reports, so a row that changed between
 * the read and the write is counted as what actually happened.
 *
 * <p>Memory: the ids of the listed users are kept until the second pass (a set of strings: roughly
 * 100 bytes per user); everything else streams.
 */
public class ReconcileUsersService implements ReconcileUsersUseCase {

    /** Users of one page applied at once; the store settles concurrent email moves safely. */
    static final int WRITES_IN_FLIGHT = 4;

    /** Stored users looked up at the provider at once; the provider adapter paces the requests. */
    static final int LOOKUPS_IN_FLIGHT = 4;

    /** A progress report every this many lookups during the second pass (and after every page in the first). */
    static final int LOOKUPS_PER_PROGRESS_REPORT = 100;

    /** Below this many unlisted users there is no guard: small tables legitimately lose most users. */
    static final int MASS_DELETION_FLOOR = 10;

    /** The share of live stored users that may be unlisted before the guard refuses. */
    static final double MASS_DELETION_SHARE = 0.25;

    private final ListProviderUsersPort providerUsers;
    private final FetchProviderUserPort providerUser;
    private final ListStoredUsersPort storedUsers;
    private final SyncUserUseCase sync;
    private final ReconcileLockPort lock;
    private final Clock clock;

    public ReconcileUsersService(
            ListProviderUsersPort providerUsers,
            FetchProviderUserPort providerUser,
            ListStoredUsersPort storedUsers,
            SyncUserUseCase sync,
            ReconcileLockPort lock,
            Clock clock) {
        this.providerUsers = Objects.requireNonNull(providerUsers, "providerUsers must not be null");
        this.providerUser = Objects.requireNonNull(providerUser, "providerUser must not be null");
        this.storedUsers = Objects.requireNonNull(storedUsers, "storedUsers must not be null");
        this.sync = Objects.requireNonNull(sync, "sync must not be null");
        this.lock = Objects.requireNonNull(lock, "lock must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public Mono<ReconcileReport> reconcile(ReconcileUsersCommand command) {
        Objects.requireNonNull(command, "command must not be null");
        var listener = command.progress();
        return lock.runExclusively(Mono.defer(() -> {
            listener.onStart(command.mode());
            var run = new Run(command, clock);
            return providerUsers.listUsers()
                    // One page at a time (and at most one fetched ahead): bounded memory, ordered progress.
                    .concatMap(page -> reconcilePage(run, page), 1)
                    .then(Mono.defer(() -> confirmUnlisted(run)))
                    .then(Mono.fromSupplier(run::report));
        })).doOnNext(listener::onFinish).doOnError(listener::onFailure);
    }

    // ---------------------------------------------------------------------------------------------
    // First pass: the provider's list

    private Mono<Void> reconcilePage(Run run, ProviderUserPage page) {
        run.listed(page);
        return storedRows(page.users().stream().map(UserChange.Snapshot::userId).toList())
                .flatMapMany(stored -> Flux.fromIterable(page.users())
                        .flatMap(snapshot -> reconcile(run, Optional.ofNullable(stored.get(snapshot.userId())), snapshot),
                                WRITES_IN_FLIGHT))
                .doOnNext(run::count)
                .then(Mono.fromRunnable(() -> run.report(ReconcileProgress.Phase.LISTING)));
    }

    /** The page's stored rows, read in one go (the store batches as it needs to). */
    private Mono<Map<ClerkUserId, StoredUser>> storedRows(List<ClerkUserId> userIds) {
        return storedUsers.loadAll(userIds).collectMap(StoredUser::userId, Function.identity());
    }

    /** Decides on the row as read; applies through the sync use case unless nothing would change. */
    private Mono<ReconcileAction> reconcile(Run run, Optional<StoredUser> stored, UserChange change) {
        var decided = ReconcileAction.decide(stored, change);
        if (run.mode() == ReconcileMode.DRY_RUN || decided == ReconcileAction.UNCHANGED) {
            return Mono.just(decided);
        }
        return sync.sync(new SyncUserCommand(change)).map(result -> ReconcileAction.of(result.outcome()));
    }

    // ---------------------------------------------------------------------------------------------
    // Second pass: stored users the list did not contain

    private Mono<Void> confirmUnlisted(Run run) {
        run.report(ReconcileProgress.Phase.CONFIRMING);
        return storedUsers.liveUserIds()
                .collectList()
                .flatMapMany(live -> {
                    var unlisted = live.stream().filter(userId -> !run.wasListed(userId)).toList();
                    if (run.mode() == ReconcileMode.APPLY && !run.command.allowMassDeletion()
                            && looksLikeTheWrongProvider(unlisted.size(), live.size())) {
                        return Flux.error(new MassDeletionRefusedException(unlisted.size(), live.size()));
                    }
                    return Flux.fromIterable(unlisted);
                })
                .flatMap(userId -> confirm(run, userId), LOOKUPS_IN_FLIGHT)
                .then(Mono.fromRunnable(() -> run.report(ReconcileProgress.Phase.CONFIRMING)));
    }

    /**
     * Upstream deletions that webhooks missed are a few users; most of the table missing from the
     * provider's list means the list comes from another instance (wrong secret key or API URL), and
     * confirming each user there would find none of them. Tombstones are final: refuse instead.
     */
    static boolean looksLikeTheWrongProvider(long unlisted, long live) {
        return unlisted > MASS_DELETION_FLOOR && unlisted > live * MASS_DELETION_SHARE;
    }

    /**
     * Looks the user up: gone upstream means a deletion, found means a snapshot (applied as any
     * listed user). A user the provider returns but that cannot be read is left alone and counted
     * as unusable.
     */
    private Mono<Void> confirm(Run run, ClerkUserId userId) {
        return providerUser.fetch(userId)
                .map(snapshot -> (UserChange) snapshot)
                .doOnNext(found -> run.stillPresent())
                .switchIfEmpty(Mono.fromSupplier(() -> new UserChange.Deletion(userId, clock.instant())))
                .flatMap(change -> storedUsers.loadAll(List.of(userId)).next()
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(stored -> reconcile(run, stored, change)))
                .doOnNext(action -> {
                    run.count(action);
                    run.lookedUp();
                })
                .onErrorResume(InvalidUserDataException.class, unreadable -> {
                    run.unreadableOnLookup();
                    return Mono.empty();
                })
                .then();
    }

    // ---------------------------------------------------------------------------------------------

    /** The state of one run; updated from several threads (pages are applied with some concurrency). */
    private static final class Run {

        private final ReconcileUsersCommand command;
        private final Clock clock;
        private final Instant start;
        private final Set<String> listedIds = new HashSet<>();
        private final AtomicInteger pages = new AtomicInteger();
        private final AtomicLong usersListed = new AtomicLong();
        private final AtomicLong unusable = new AtomicLong();
        private final AtomicLong usersConfirmed = new AtomicLong();
        private final AtomicLong usersStillPresent = new AtomicLong();
        private final Map<ReconcileAction, LongAdder> counts = Map.of(
                ReconcileAction.CREATE, new LongAdder(),
                ReconcileAction.UPDATE, new LongAdder(),
                ReconcileAction.DELETE, new LongAdder(),
                ReconcileAction.UNCHANGED, new LongAdder());

        Run(ReconcileUsersCommand command, Clock clock) {
            this.command = command;
            this.clock = clock;
            this.start = clock.instant();
        }

        ReconcileMode mode() {
            return command.mode();
        }

        void listed(ProviderUserPage page) {
            var ids = page.listedUserIds().map(ClerkUserId::value).collect(Collectors.toSet());
            synchronized (listedIds) {
                listedIds.addAll(ids);
            }
            pages.incrementAndGet();
            usersListed.addAndGet(page.size());
            unusable.addAndGet(page.unusable().size());
        }

        boolean wasListed(ClerkUserId userId) {
            synchronized (listedIds) {
                return listedIds.contains(userId.value());
            }
        }

        void count(ReconcileAction action) {
            counts.get(action).increment();
        }

        void stillPresent() {
            usersStillPresent.incrementAndGet();
        }

        void unreadableOnLookup() {
            usersStillPresent.incrementAndGet();
            unusable.incrementAndGet();
            lookedUp();
        }

        void lookedUp() {
            if (usersConfirmed.incrementAndGet() % LOOKUPS_PER_PROGRESS_REPORT == 0) {
                report(ReconcileProgress.Phase.CONFIRMING);
            }
        }

        void report(ReconcileProgress.Phase phase) {
            command.progress().onProgress(new ReconcileProgress(
                    phase, pages.get(), usersListed.get(), usersConfirmed.get(), counts(), unusable.get(), elapsed()));
        }

        ReconcileCounts counts() {
            return new ReconcileCounts(
                    counts.get(ReconcileAction.CREATE).sum(),
                    counts.get(ReconcileAction.UPDATE).sum(),
                    counts.get(ReconcileAction.DELETE).sum(),
                    counts.get(ReconcileAction.UNCHANGED).sum());
        }

        Duration elapsed() {
            return Duration.between(start, clock.instant());
        }

        ReconcileReport report() {
            return new ReconcileReport(command.mode(), counts(), pages.get(), usersListed.get(), unusable.get(),
                    usersConfirmed.get(), usersStillPresent.get(), elapsed());
        }
    }
}

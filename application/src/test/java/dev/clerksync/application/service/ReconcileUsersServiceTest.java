package dev.clerksync.application.service;

import static dev.clerksync.application.service.Users.T0;
import static dev.clerksync.application.service.Users.deletion;
import static dev.clerksync.application.service.Users.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.MassDeletionRefusedException;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileCounts;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileProgress;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.in.ReconcileProgressListener;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ReconcileUsersServiceTest {

    private static final Instant NOW = T0.plusSeconds(86_400);

    private final InMemoryUserStore store = new InMemoryUserStore();
    private final FakeProvider provider = new FakeProvider(2);
    private final InMemoryReconcileLock lock = new InMemoryReconcileLock();
    private final ReconcileUsersService service = new ReconcileUsersService(
            provider, provider, store, new SyncUserService(store), lock, Clock.fixed(NOW, ZoneOffset.UTC));

    private ReconcileReport reconcile(ReconcileMode mode) {
        return service.reconcile(ReconcileUsersCommand.of(mode)).block();
    }

    private void stored(UserChange... changes) {
        for (var change : changes) {
            store.apply(change, Optional.empty()).block();
        }
    }

    private StoredUser row(String id) {
        return store.load(new ClerkUserId(id)).blockOptional().orElseThrow(() -> new AssertionError(id + " not stored"));
    }

    private String emailOf(String id) {
        return row(id).email().map(EmailAddress::value).orElse(null);
    }

    @Test
    void createsUpdatesAndLeavesAloneTheListedUsersAcrossSeveralPages() {
        stored(snapshot("user_old", "old@example.com", 1), snapshot("user_same", "same@example.com", 5));
        provider.has(snapshot("user_new", "new@example.com", 3), snapshot("user_old", "old2@example.com", 2),
                snapshot("user_same", "same@example.com", 5), snapshot("user_last", "last@example.com", 4));

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(report.counts()).isEqualTo(new ReconcileCounts(2, 1, 0, 1));
        assertThat(report.pages()).as("2 full pages of 2, then an empty one").isEqualTo(3);
        assertThat(report.usersListed()).isEqualTo(4);
        assertThat(emailOf("user_new")).isEqualTo("new@example.com");
        assertThat(emailOf("user_old")).isEqualTo("old2@example.com");
        assertThat(emailOf("user_last")).isEqualTo("last@example.com");
        assertThat(store.applied()).as("the unchanged user is not written again")
                .filteredOn(change -> change.userId().value().equals("user_same")).hasSize(1);
    }

    @Test
    void aSecondRunOverAnUpToDateTableWritesNothing() {
        provider.has(snapshot("user_a", "a@example.com", 1), snapshot("user_b", "b@example.com", 1),
                snapshot("user_c", null, 1));
        reconcile(ReconcileMode.APPLY);
        int writes = store.applied().size();

        var second = reconcile(ReconcileMode.APPLY);

        assertThat(second.counts()).isEqualTo(new ReconcileCounts(0, 0, 0, 3));
        assertThat(store.applied()).hasSize(writes);
    }

    @Test
    void neverOverwritesARowNewerThanTheListedUser() {
        stored(snapshot("user_a", "newer@example.com", 10));
        provider.has(snapshot("user_a", "older@example.com", 9));

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(report.counts()).isEqualTo(new ReconcileCounts(0, 0, 0, 1));
        assertThat(emailOf("user_a")).isEqualTo("newer@example.com");
    }

    @Test
    void keepsAChangeAWebhookAppliedWhileTheListWasWalked() {
        provider.has(snapshot("user_a", "a@example.com", 1), snapshot("user_b", "b@example.com", 1),
                snapshot("user_c", "c-listed@example.com", 1))
                // user_c changes upstream and its webhook lands after page 1; page 2 still lists the old user_c.
                .afterPage(1, () -> stored(snapshot("user_c", "c-webhook@example.com", 2)));

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(emailOf("user_c")).isEqualTo("c-webhook@example.com");
        assertThat(row("user_c").updatedAt()).contains(T0.plusSeconds(2));
        assertThat(report.counts()).isEqualTo(new ReconcileCounts(2, 0, 0, 1));
    }

    @Test
    void deletesAStoredUserOnlyWhenTheProviderConfirmsItIsGone() {
        stored(snapshot("user_gone", "gone@example.com", 1), snapshot("user_listed", "listed@example.com", 1),
                snapshot("user_created_during_walk", "during@example.com", 7));
        provider.has(snapshot("user_listed", "listed@example.com", 1),
                snapshot("user_created_during_walk", "during@example.com", 7));
        // The list was read before user_created_during_walk existed upstream: it is not on it.
        var unlisted = new FakeProvider(2).has(snapshot("user_listed", "listed@example.com", 1));
        var service = new ReconcileUsersService(unlisted, provider, store, new SyncUserService(store), lock,
                Clock.fixed(NOW, ZoneOffset.UTC));

        var report = service.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)).block();

        assertThat(provider.lookups()).extracting(ClerkUserId::value)
                .containsExactlyInAnyOrder("user_gone", "user_created_during_walk");
        assertThat(row("user_gone").isDeleted()).isTrue();
        assertThat(row("user_gone").deletedAt()).contains(NOW);
        assertThat(row("user_gone").email()).isEmpty();
        assertThat(row("user_created_during_walk").isDeleted()).isFalse();
        assertThat(report.counts()).isEqualTo(new ReconcileCounts(0, 0, 1, 2));
        assertThat(report.usersConfirmed()).isEqualTo(2);
        assertThat(report.usersStillPresent()).isEqualTo(1);
    }

    @Test
    void refusesToTombstoneMostOfTheTableWhenTheProviderListsFewOfItsUsers() {
        for (int i = 0; i < 20; i++) {
            stored(snapshot("user_local_" + i, "local" + i + "@example.com", 1));
        }
        // Another instance's secret key: its users are not ours, and none of ours exist there.
        provider.has(snapshot("user_elsewhere", "elsewhere@example.com", 1));

        StepVerifier.create(service.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(MassDeletionRefusedException.class)
                        .hasMessageContaining("20 of the 21"))
                .verify();

        assertThat(provider.lookups()).isEmpty();
        for (int i = 0; i < 20; i++) {
            assertThat(row("user_local_" + i).isDeleted()).isFalse();
        }
    }

    @Test
    void tombstonesManyUsersWhenTheRunSaysItMeansIt() {
        for (int i = 0; i < 20; i++) {
            stored(snapshot("user_local_" + i, "local" + i + "@example.com", 1));
        }

        var report = service.reconcile(new ReconcileUsersCommand(ReconcileMode.APPLY, ReconcileProgressListener.NONE, true))
                .block();

        assertThat(report.counts().delete()).isEqualTo(20);
        assertThat(row("user_local_0").isDeleted()).isTrue();
    }

    @Test
    void theGuardLeavesSmallTablesAndOrdinaryDeletionsAlone() {
        assertThat(ReconcileUsersService.looksLikeTheWrongProvider(10, 10)).isFalse();
        assertThat(ReconcileUsersService.looksLikeTheWrongProvider(25, 100)).isFalse();
        assertThat(ReconcileUsersService.looksLikeTheWrongProvider(26, 100)).isTrue();
        assertThat(ReconcileUsersService.looksLikeTheWrongProvider(11, 12)).isTrue();
    }

    @Test
    void localTombstonesAreFinalAndCountAsUnchanged() {
        stored(snapshot("user_a", "a@example.com", 1), deletion("user_a", 2));
        provider.has(snapshot("user_a", "a@example.com", 50));

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(report.counts()).isEqualTo(new ReconcileCounts(0, 0, 0, 1));
        assertThat(row("user_a").isDeleted()).isTrue();
        assertThat(provider.lookups()).as("tombstones are not looked up").isEmpty();
    }

    @Test
    void aDryRunWritesNothingAndCountsWhatAnAppliedRunThenDoes() {
        stored(snapshot("user_old", "old@example.com", 1), snapshot("user_gone", "gone@example.com", 1),
                snapshot("user_tomb", "tomb@example.com", 1), deletion("user_tomb", 2),
                snapshot("user_newer", "newer@example.com", 9));
        provider.has(snapshot("user_new", "new@example.com", 1), snapshot("user_old", "old2@example.com", 2),
                snapshot("user_tomb", "tomb@example.com", 3), snapshot("user_newer", "older@example.com", 8));
        int writesBefore = store.applied().size();

        var dryRun = reconcile(ReconcileMode.DRY_RUN);

        assertThat(store.applied()).as("nothing written").hasSize(writesBefore);
        assertThat(provider.lookups()).as("the dry run confirms deletions too").extracting(ClerkUserId::value)
                .containsExactly("user_gone");
        assertThat(dryRun.mode()).isEqualTo(ReconcileMode.DRY_RUN);
        assertThat(dryRun.counts()).isEqualTo(new ReconcileCounts(1, 1, 1, 2));

        var applied = reconcile(ReconcileMode.APPLY);

        assertThat(applied.counts()).isEqualTo(dryRun.counts());
        assertThat(row("user_gone").isDeleted()).isTrue();
    }

    @Test
    void deletesNothingWhenTheListCannotBeReadToTheEnd() {
        stored(snapshot("user_gone", "gone@example.com", 1));
        provider.has(snapshot("user_a", "a@example.com", 1), snapshot("user_b", "b@example.com", 1),
                snapshot("user_c", "c@example.com", 1)).failOnPage(2);

        StepVerifier.create(service.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)))
                .expectError(IdentityProviderUnavailableException.class)
                .verify();

        assertThat(row("user_gone").isDeleted()).isFalse();
        assertThat(provider.lookups()).isEmpty();
        assertThat(emailOf("user_a")).as("what was read before the failure is applied").isEqualTo("a@example.com");
        assertThat(lock.isHeld()).as("the lock is released after a failure").isFalse();
    }

    @Test
    void leavesUnusableListedUsersAloneWithoutTakingThemForDeleted() {
        stored(snapshot("user_broken", "broken@example.com", 1));
        provider.has(snapshot("user_a", "a@example.com", 1)).hasUnusable("user_broken", "user has no updated_at");

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(report.unusableUsers()).isEqualTo(1);
        assertThat(report.usersListed()).isEqualTo(2);
        assertThat(provider.lookups()).isEmpty();
        assertThat(row("user_broken").isDeleted()).isFalse();
        assertThat(report.counts()).isEqualTo(new ReconcileCounts(1, 0, 0, 0));
    }

    @Test
    void leavesAStoredUserAloneWhenItsLookupFindsAUserThatCannotBeRead() {
        stored(snapshot("user_odd", "odd@example.com", 1));
        provider.unreadableOnLookup("user_odd");

        var report = reconcile(ReconcileMode.APPLY);

        assertThat(row("user_odd").isDeleted()).isFalse();
        assertThat(report.usersConfirmed()).isEqualTo(1);
        assertThat(report.unusableUsers()).isEqualTo(1);
        assertThat(report.counts()).isEqualTo(ReconcileCounts.NONE);
    }

    @Test
    void refusesToRunWhileAnotherRunHoldsTheLock() {
        provider.has(snapshot("user_a", "a@example.com", 1));
        lock.holdElsewhere();

        StepVerifier.create(service.reconcile(ReconcileUsersCommand.of(ReconcileMode.APPLY)))
                .expectError(ReconcileAlreadyRunningException.class)
                .verify();

        assertThat(store.load(new ClerkUserId("user_a")).blockOptional()).isEmpty();
    }

    @Test
    void reportsProgressAfterEveryPageAndWhileConfirming() {
        provider.has(IntStream.range(0, 5).mapToObj(i -> snapshot("user_" + i, i + "@example.com", 1))
                .toArray(UserChange.Snapshot[]::new));
        List<ReconcileProgress> progress = new CopyOnWriteArrayList<>();

        service.reconcile(new ReconcileUsersCommand(ReconcileMode.DRY_RUN, progress::add)).block();

        assertThat(progress).filteredOn(p -> p.phase() == ReconcileProgress.Phase.LISTING)
                .extracting(ReconcileProgress::pages, ReconcileProgress::usersListed)
                .containsExactly(tuple(1, 2L), tuple(2, 4L), tuple(3, 5L));
        assertThat(progress.getLast().phase()).isEqualTo(ReconcileProgress.Phase.CONFIRMING);
        assertThat(progress.getLast().counts().create()).isEqualTo(5);
    }

    @Test
    void tellsTheListenerWhenARunStartsAndHowItEndsAndThatALockedOutRunNeverStarted() {
        provider.has(snapshot("user_a", "a@example.com", 1));
        List<String> events = new CopyOnWriteArrayList<>();
        var listener = new ReconcileProgressListener() {
            @Override
            public void onProgress(ReconcileProgress progress) {
                events.add("progress " + progress.phase());
            }

            @Override
            public void onStart(ReconcileMode mode) {
                events.add("start " + mode);
            }

            @Override
            public void onFinish(ReconcileReport report) {
                events.add("finish " + report.counts().create());
            }

            @Override
            public void onFailure(Throwable failure) {
                events.add("failure " + failure.getClass().getSimpleName());
            }
        };

        service.reconcile(new ReconcileUsersCommand(ReconcileMode.APPLY, listener)).block();
        lock.holdElsewhere();
        service.reconcile(new ReconcileUsersCommand(ReconcileMode.APPLY, listener)).onErrorResume(e -> Mono.empty()).block();

        assertThat(events).containsExactly("start APPLY", "progress LISTING", "progress CONFIRMING", "progress CONFIRMING",
                "finish 1", "failure ReconcileAlreadyRunningException");
    }
}

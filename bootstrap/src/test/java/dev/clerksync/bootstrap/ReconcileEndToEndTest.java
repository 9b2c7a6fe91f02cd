package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkUserJsonMapper;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn.StandInAnswer;
import dev.clerksync.adapter.persistence.JooqUserPersistenceAdapter;
import dev.clerksync.adapter.persistence.PostgresAdvisoryLockAdapter;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The {@code reconcile} command end to end, as {@code java -jar clerksync.jar reconcile} runs it
 * (same entry, in this JVM): a real PostgreSQL, migrated by the command at startup, and the Clerk
 * Backend API stand-in over HTTP. Checks exit codes, what is printed and what is stored.
 */
class ReconcileEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    private final PostgresTestDatabase database = PostgresTestDatabase.create();
    private final ClerkBackendApiStandIn clerk = ClerkBackendApiStandIn.start();
    private final JooqUserPersistenceAdapter users =
            new JooqUserPersistenceAdapter(DSL.using(database.connectionPool(2), SQLDialect.POSTGRES));

    @AfterEach
    void stop() {
        clerk.close();
        database.close();
    }

    /** What one run of the command printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    private Run reconcile(Map<String, String> settings, String... arguments) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(arguments));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--" + RunningService.DOTENV_DIRECTORY + "=" + RunningService.emptyDirectory());
        int exitCode = ReconcileCommandLine.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        settings.put("DATABASE_URL", database.postgresqlUrl());
        settings.put("CLERK_API_URL", clerk.apiUrl());
        settings.put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
        return settings;
    }

    private Run reconcile(String... arguments) {
        return reconcile(settings(), arguments);
    }

    private void store(UserChange change) {
        users.apply(change, Optional.empty()).block(Duration.ofSeconds(10));
    }

    /** The user as Clerk's stand-in has it, as a webhook would have stored it. */
    private void storeAsClerkHasIt(String id) {
        store(ClerkUserJsonMapper.toSnapshot(clerk.userJson(id).orElseThrow()));
    }

    private static UserChange.Snapshot snapshot(String id, String email, Instant updatedAt) {
        return new UserChange.Snapshot(new ClerkUserId(id), new UserProfile(Optional.of(new EmailAddress(email)),
                Optional.of("Local Name"), Optional.empty(), Optional.empty(), T0.minusSeconds(3600), updatedAt));
    }

    /** Every row, one line each: what a dry run must leave exactly as it was. */
    private List<String> table() throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select clerk_id, email, name, clerk_updated_at, deleted_at, synced_at"
                     + " from users order by clerk_id")) {
            List<String> table = new ArrayList<>();
            while (rows.next()) {
                table.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
                        + rows.getString(4) + " " + rows.getString(5) + " " + rows.getString(6));
            }
            return table;
        }
    }

    private String emailOf(String id) {
        return users.load(new ClerkUserId(id)).blockOptional(Duration.ofSeconds(10)).orElseThrow()
                .email().map(EmailAddress::value).orElse(null);
    }

    private boolean isTombstone(String id) {
        return users.load(new ClerkUserId(id)).blockOptional(Duration.ofSeconds(10)).orElseThrow().isDeleted();
    }

    @Test
    void aDryRunChangesNothingAndCountsExactlyWhatTheAppliedRunThenDoes() throws SQLException {
        var ids = clerk.addUsers(1_100);                                              // pages of 500, 500, 100
        var older = ids.get(0);
        var newerLocally = ids.get(1);
        var identical = ids.get(2);
        var changedDuringTheWalk = ids.get(3);                                        // on the last page
        store(snapshot(older, "old@example.com", ClerkBackendApiStandIn.FIRST_CREATED_AT)); // -> update
        store(snapshot(newerLocally, "webhook@example.com", T0.plusSeconds(86_400))); // -> unchanged, kept
        storeAsClerkHasIt(identical);                                                 // -> unchanged
        store(snapshot("user_gone", "gone@example.com", T0));                         // -> confirmed gone, delete
        store(snapshot("user_tomb", "tomb@example.com", T0));
        store(new UserChange.Deletion(new ClerkUserId("user_tomb"), T0.plusSeconds(1)));
        clerk.addUser("user_tomb", "tomb@example.com", T0.minusSeconds(1), T0.plusSeconds(5)); // local tombstone: unchanged
        clerk.whileServingPage(1, standIn -> {
            // A sign-up during the walk (its webhook stored it), newer than the cursor: not listed.
            standIn.addUser("user_signed_up_during_walk", "new@example.com", T0.plusSeconds(999_999), T0.plusSeconds(999_999));
            storeAsClerkHasIt("user_signed_up_during_walk");
            standIn.updateUser(changedDuringTheWalk, "changed@example.com", T0.plusSeconds(10));
        });
        var before = table();

        var dryRun = reconcile("reconcile", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(table()).as("a dry run writes nothing (the sign-up's webhook wrote its row)")
                .filteredOn(row -> !row.startsWith("user_signed_up_during_walk ")).isEqualTo(before);
        assertThat(dryRun.out()).contains(
                "reconcile --dry-run: listing Clerk's users: page 1, 500 users listed",
                "Reconcile summary (dry run: nothing was changed; what an applied run would do)",
                "| create    | 1,097 |",
                "| update    |     1 |",
                "| delete    |     1 |",
                "| unchanged |     4 |",
                "Clerk listed 1,101 users in 3 pages (0 unusable, left alone); 2 local users looked up one by one, 1 of them still in Clerk.");
        assertThat(clerk.requests(request -> request.isUserLookup())).extracting(request -> request.path())
                .containsExactlyInAnyOrder("/v1/users/user_gone", "/v1/users/user_signed_up_during_walk");

        var applied = reconcile("reconcile");

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Reconcile summary (applied)",
                "| create    | 1,097 |", "| update    |     1 |", "| delete    |     1 |", "| unchanged |     4 |");
        assertThat(emailOf(older)).isEqualTo(older + "@example.com");
        assertThat(emailOf(newerLocally)).as("a newer local row is never overwritten").isEqualTo("webhook@example.com");
        assertThat(emailOf(changedDuringTheWalk)).isEqualTo("changed@example.com");
        assertThat(emailOf(ids.getLast())).isEqualTo(ids.getLast() + "@example.com");
        assertThat(isTombstone("user_gone")).isTrue();
        assertThat(emailOf("user_gone")).as("personal data erased").isNull();
        assertThat(isTombstone("user_signed_up_during_walk")).isFalse();
        assertThat(isTombstone("user_tomb")).as("tombstones are final").isTrue();

        var again = reconcile("reconcile");

        assertThat(again.out()).as("an up-to-date table").contains("| create    |     0 |", "| update    |     0 |",
                "| delete    |     0 |", "| unchanged | 1,102 |");
    }

    @Test
    void waitsOutThrottlingAndRetriesServerErrors() {
        clerk.addUsers(3);
        clerk.respondNext(request -> request.isUserList(), StandInAnswer.throttled(Duration.ofSeconds(1)));
        clerk.respondNext(request -> request.isUserList(), StandInAnswer.status(502));

        var run = reconcile("reconcile");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| create    |     3 |",
                "Clerk Backend API: 3 requests, 1 answered 429 (throttled), 1 retried after errors.");
        var requests = clerk.requests();
        assertThat(requests.get(1).arrivedAfter().minus(requests.get(0).arrivedAfter()))
                .as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSecretKeyClerkRefusesFailsWithOneClearLine() {
        clerk.acceptSecretKey("sk_test_the_real_one");

        var run = reconcile("reconcile", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("reconcile failed: CLERK_SECRET_KEY was refused by Clerk (401)");
        assertThat(run.out()).doesNotContain("summary");
    }

    @Test
    void aMissingSecretKeyFailsNamingIt() {
        var settings = settings();
        settings.remove("CLERK_SECRET_KEY");

        var run = reconcile(settings, "reconcile");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("reconcile failed: CLERK_SECRET_KEY is not set");
        assertThat(clerk.requests()).isEmpty();
    }

    @Test
    void anUnreachableClerkFailsAfterRetrying() {
        var settings = settings();
        var nowhere = ClerkBackendApiStandIn.start();
        settings.put("CLERK_API_URL", nowhere.apiUrl());
        nowhere.close();

        var run = reconcile(settings, "reconcile");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("reconcile failed: Clerk's Backend API at " + nowhere.apiUrl()
                + " could not be used: GET /v1/users failed 5 times (last: ConnectException");
    }

    @Test
    void refusesToRunWhileAnotherRunHoldsTheLock() {
        clerk.addUsers(1);
        var otherInstance = PostgresAdvisoryLockAdapter.reconcileLock(database.connectionPool(1))
                .runExclusively(Mono.never()).subscribe();
        try {
            awaitLockTaken();

            var run = reconcile("reconcile");

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).startsWith("reconcile failed: another reconcile run holds the lock");
            assertThat(clerk.requests()).as("nothing was done").isEmpty();
        } finally {
            otherInstance.dispose();
        }
    }

    private void awaitLockTaken() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (var connection = database.openJdbcConnection();
                 var statement = connection.createStatement();
                 // pg_locks lists every database of the server; other builds may hold advisory locks too.
                 var rows = statement.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and granted"
                         + " and database = (select oid from pg_database where datname = current_database())")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the other instance never took the lock");
    }

    @Test
    void refusesToTombstoneTheTableWhenClerkListsNoneOfItsUsersUnlessToldTo() {
        for (int i = 0; i < 12; i++) {
            store(snapshot("user_local_" + i, "local" + i + "@example.com", T0));
        }

        var refused = reconcile();

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("reconcile refused", "12 of the 12", "--allow-mass-deletion");
        assertThat(users.load(new ClerkUserId("user_local_0")).block(Duration.ofSeconds(10)).isDeleted()).isFalse();

        var allowed = reconcile("--allow-mass-deletion");

        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(users.load(new ClerkUserId("user_local_0")).block(Duration.ofSeconds(10)).isDeleted()).isTrue();
    }
}

package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.Changes.at;
import static dev.clerksync.adapter.persistence.Changes.deletion;
import static dev.clerksync.adapter.persistence.Changes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class JooqStoredUsersAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PostgresTestDatabase database;
    private static RecordingConnectionFactory connections;
    private static JooqUserPersistenceAdapter users;
    private static JooqStoredUsersAdapter adapter;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
        connections = new RecordingConnectionFactory(database.connectionPool(4));
        var dsl = DSL.using(connections, SQLDialect.POSTGRES);
        users = new JooqUserPersistenceAdapter(dsl);
        adapter = new JooqStoredUsersAdapter(dsl, 3, Duration.ofSeconds(5));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTheTable() throws SQLException {
        try (var connection = database.openJdbcConnection(); var statement = connection.createStatement()) {
            statement.execute("truncate users");
        }
        connections.clear();
    }

    private static void store(UserChange... changes) {
        for (var change : changes) {
            users.apply(change, Optional.empty()).block(WAIT);
        }
    }

    private static ClerkUserId id(int number) {
        return new ClerkUserId("user_%03d".formatted(number));
    }

    private static List<String> liveIds() {
        return adapter.liveUserIds().map(ClerkUserId::value).collectList().block(WAIT);
    }

    private static long selects() {
        return connections.statements().stream().filter(sql -> sql.startsWith("select")).count();
    }

    @Test
    void listsEveryLiveUserIdInOrderInBatchesLeavingTombstonesOut() {
        IntStream.of(7, 3, 1, 9, 5, 2, 8).forEach(n -> store(snapshot(id(n), null, at(1))));
        store(deletion(id(3), at(2)), deletion(id(4), at(2)));
        connections.clear();

        assertThat(liveIds()).containsExactly("user_001", "user_002", "user_005", "user_007", "user_008", "user_009");
        assertThat(selects()).as("batches of 3: 3, 3, then an empty one").isEqualTo(3);
    }

    @Test
    void readsTheNextBatchOnlyAsIdsAreAskedFor() {
        IntStream.rangeClosed(1, 10).forEach(n -> store(snapshot(id(n), null, at(1))));
        connections.clear();

        StepVerifier.create(adapter.liveUserIds(), 2)
                .expectNext(id(1), id(2))
                .then(() -> sleep(Duration.ofMillis(300)))
                .then(() -> assertThat(selects()).as("this batch and at most one ahead").isLessThanOrEqualTo(2))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void rowsWrittenWhileTheIdsAreReadNeverMakeAnIdThatStaysLiveSkipOrRepeat() {
        IntStream.rangeClosed(1, 6).forEach(n -> store(snapshot(id(n), null, at(1))));
        List<ClerkUserId> rest = new ArrayList<>();

        StepVerifier.create(adapter.liveUserIds(), 3)
                .expectNext(id(1), id(2), id(3))
                .then(() -> store(deletion(id(4), at(2)), snapshot(id(0), null, at(1)), snapshot(id(7), null, at(1))))
                .thenRequest(10)
                .recordWith(() -> rest)
                .thenConsumeWhile(any -> true)
                .verifyComplete();

        // user_004 may have been read just ahead of its deletion, user_007 may come after the last batch
        // read; user_000 sorts before the keyset.
        assertThat(rest).doesNotHaveDuplicates().doesNotContain(id(0)).containsSubsequence(id(5), id(6));
    }

    @Test
    void aBatchReadAheadWaitsForASlowSubscriberWithoutTimingOut() {
        IntStream.rangeClosed(1, 7).forEach(n -> store(snapshot(id(n), null, at(1))));
        var quick = new JooqStoredUsersAdapter(DSL.using(connections, SQLDialect.POSTGRES), 3, Duration.ofSeconds(2));
        assertThat(quick.liveUserIds().count().block(WAIT)).as("quick enough when read at once").isEqualTo(7);

        // Each id takes 900 ms to deal with (lookups at Clerk): a batch waits 2.7 s to be asked for.
        StepVerifier.create(quick.liveUserIds().delayElements(Duration.ofMillis(900)).count())
                .expectNext(7L)
                .verifyComplete();
    }

    @Test
    void loadsTheStoredRowsOfTheGivenUsersTombstonesIncludedInBatches() {
        store(snapshot(id(1), "one@example.com", at(1)), snapshot(id(2), null, at(1)),
                snapshot(id(3), null, at(1)), deletion(id(3), at(2)), snapshot(id(4), null, at(1)));
        connections.clear();

        var rows = adapter.loadAll(List.of(id(1), id(3), id(4), id(99), id(1))).collectList().block(WAIT);

        assertThat(rows).extracting(row -> row.userId().value()).containsExactlyInAnyOrder("user_001", "user_003", "user_004");
        assertThat(rows).filteredOn(StoredUser::isDeleted).extracting(row -> row.userId().value()).containsExactly("user_003");
        assertThat(selects()).as("4 distinct ids in batches of 3").isEqualTo(2);
        assertThat(rows).filteredOn(row -> row.userId().equals(id(1))).singleElement()
                .isEqualTo(users.load(id(1)).block(WAIT));
    }

    @Test
    void loadingNoUsersAsksTheDatabaseNothing() {
        assertThat(adapter.loadAll(List.of()).collectList().block(WAIT)).isEmpty();
        assertThat(selects()).isZero();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnreachableDatabaseMakesBothReadsUnavailable() {
        var nowhere = PostgresTestDatabase.pooledConnectionFactory("127.0.0.1", 1, "nowhere", "nobody", "", 2);
        try {
            var unreachable = new JooqStoredUsersAdapter(DSL.using(nowhere, SQLDialect.POSTGRES), 3, Duration.ofSeconds(3));

            StepVerifier.create(unreachable.liveUserIds()).expectError(UserStoreUnavailableException.class).verify(WAIT);
            StepVerifier.create(unreachable.loadAll(List.of(id(1)))).expectError(UserStoreUnavailableException.class).verify(WAIT);
        } finally {
            nowhere.dispose();
        }
    }
}

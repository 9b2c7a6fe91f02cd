package dev.clerksync.adapter.persistence;

import static dev.clerksync.adapter.persistence.Changes.CREATED_AT;
import static dev.clerksync.adapter.persistence.Changes.at;
import static dev.clerksync.adapter.persistence.Changes.deletion;
import static dev.clerksync.adapter.persistence.Changes.newDelivery;
import static dev.clerksync.adapter.persistence.Changes.newEmail;
import static dev.clerksync.adapter.persistence.Changes.newUserId;
import static dev.clerksync.adapter.persistence.Changes.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.DeliveryId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.EmailResolution;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.model.UserProfile;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class JooqUserPersistenceAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PostgresTestDatabase database;
    private static RecordingConnectionFactory connections;
    private static JooqUserPersistenceAdapter adapter;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
        connections = new RecordingConnectionFactory(database.connectionPool(4));
        adapter = new JooqUserPersistenceAdapter(DSL.using(connections, SQLDialect.POSTGRES));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static SyncResult apply(UserChange change) {
        return apply(change, Optional.empty());
    }

    private static SyncResult apply(UserChange change, Optional<DeliveryId> delivery) {
        return adapter.apply(change, delivery).block(WAIT);
    }

    private static StoredUser load(ClerkUserId userId) {
        return adapter.load(userId).blockOptional(WAIT).orElseThrow(() -> new AssertionError(userId + " not stored"));
    }

    private static SyncResult result(SyncOutcome outcome) {
        return SyncResult.of(outcome);
    }

    private static SyncResult result(SyncOutcome outcome, EmailResolution email) {
        return new SyncResult(outcome, email);
    }

    private static long recordedDeliveries(DeliveryId delivery) throws SQLException {
        try (var connection = database.openJdbcConnection();
             var statement = connection.prepareStatement(
                     "select count(*) from processed_webhook_deliveries where delivery_id = ?")) {
            statement.setString(1, delivery.value());
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Nested
    class Snapshots {

        @Test
        void aSnapshotOfAnUnknownUserCreatesItsRowWithEveryField() {
            var user = newUserId();
            var email = newEmail();
            var snapshot = snapshot(user, email, "Ada Lovelace", at(10));

            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.CREATED, EmailResolution.AS_GIVEN));

            var profile = snapshot.profile();
            assertThat(load(user)).isEqualTo(new StoredUser(user, Optional.of(new EmailAddress(email)),
                    Optional.of("Ada Lovelace"), profile.username(), profile.imageUrl(),
                    Optional.of(CREATED_AT), Optional.of(at(10)), Optional.empty()));
        }

        @Test
        void aNewerSnapshotUpdatesTheRowIncludingPartsThatWereRemoved() {
            var user = newUserId();
            apply(snapshot(user, newEmail(), "First", at(10)));
            var newer = new UserChange.Snapshot(user, new UserProfile(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), CREATED_AT, at(20)));

            assertThat(apply(newer)).isEqualTo(result(SyncOutcome.UPDATED));

            assertThat(load(user)).isEqualTo(new StoredUser(user, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(CREATED_AT), Optional.of(at(20)), Optional.empty()));
        }

        @Test
        void anOlderSnapshotIsStaleAndChangesNothing() {
            var user = newUserId();
            var email = newEmail();
            apply(snapshot(user, email, "Newer", at(20)));
            var before = load(user);

            assertThat(apply(snapshot(user, newEmail(), "Older", at(19)))).isEqualTo(result(SyncOutcome.STALE));

            assertThat(load(user)).isEqualTo(before);
            assertThat(load(user).name()).contains("Newer");
        }

        @Test
        void aSnapshotWithTheStoredUpdatedAtIsAppliedAgainAndRepairsTheRow() throws SQLException {
            var user = newUserId();
            var snapshot = snapshot(user, newEmail(), "Right", at(10));
            apply(snapshot);
            try (var connection = database.openJdbcConnection();
                 var statement = connection.prepareStatement("update users set name = 'Damaged' where clerk_id = ?")) {
                statement.setString(1, user.value());
                statement.executeUpdate();
            }

            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.UPDATED));

            assertThat(load(user).name()).contains("Right");
        }

        @Test
        void anUpdateArrivingBeforeTheCreationCreatesTheUserAndTheCreationIsThenStale() {
            var user = newUserId();
            var email = newEmail();

            assertThat(apply(snapshot(user, email, "Updated", at(20)))).isEqualTo(result(SyncOutcome.CREATED));
            assertThat(apply(snapshot(user, email, "Created", at(10)))).isEqualTo(result(SyncOutcome.STALE));

            assertThat(load(user).name()).contains("Updated");
            assertThat(load(user).updatedAt()).contains(at(20));
        }

        @Test
        void timestampsAreKeptToTheMicrosecondSoThatAReplayStillCompares() {
            var user = newUserId();
            Instant precise = at(10).plusNanos(123_456_789);
            var snapshot = snapshot(user, newEmail(), precise);

            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.CREATED));
            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.UPDATED));

            assertThat(load(user).updatedAt()).contains(at(10).plusNanos(123_456_000));
        }
    }

    @Nested
    class Deletions {

        @Test
        void aDeletionTurnsTheRowIntoATombstoneWithoutPersonalData() {
            var user = newUserId();
            apply(snapshot(user, newEmail(), "Gone Soon", at(10)));

            assertThat(apply(deletion(user, at(30)))).isEqualTo(result(SyncOutcome.DELETED));

            assertThat(load(user)).isEqualTo(new StoredUser(user, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(CREATED_AT), Optional.of(at(10)), Optional.of(at(30))));
        }

        @Test
        void aDeletionOfAnUnknownUserStoresATombstone() {
            var user = newUserId();

            assertThat(apply(deletion(user, at(30)))).isEqualTo(result(SyncOutcome.DELETED));

            var tombstone = load(user);
            assertThat(tombstone.isDeleted()).isTrue();
            assertThat(tombstone).isEqualTo(new StoredUser(user, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at(30))));
        }

        @Test
        void aSecondDeletionIsAlreadyDeletedAndKeepsTheFirstDeletionTime() {
            var user = newUserId();
            apply(deletion(user, at(30)));

            assertThat(apply(deletion(user, at(40)))).isEqualTo(result(SyncOutcome.ALREADY_DELETED));

            assertThat(load(user).deletedAt()).contains(at(30));
        }

        @Test
        void snapshotsAfterTheDeletionAreAlreadyDeletedWhetherOlderOrNewer() {
            var user = newUserId();
            apply(snapshot(user, newEmail(), at(10)));
            apply(deletion(user, at(30)));
            var tombstone = load(user);

            assertThat(apply(snapshot(user, newEmail(), at(5)))).isEqualTo(result(SyncOutcome.ALREADY_DELETED));
            assertThat(apply(snapshot(user, newEmail(), at(10)))).isEqualTo(result(SyncOutcome.ALREADY_DELETED));
            assertThat(apply(snapshot(user, newEmail(), at(50)))).isEqualTo(result(SyncOutcome.ALREADY_DELETED));

            assertThat(load(user)).isEqualTo(tombstone);
        }

        @Test
        void aTombstoneInsertedForAnUnknownUserStopsItsLateCreation() {
            var user = newUserId();
            apply(deletion(user, at(30)));

            assertThat(apply(snapshot(user, newEmail(), at(10)))).isEqualTo(result(SyncOutcome.ALREADY_DELETED));

            assertThat(load(user).email()).isEmpty();
        }
    }

    @Nested
    class Deliveries {

        @Test
        void aDeliveryIdIsRecordedTogetherWithItsChange() throws SQLException {
            var delivery = newDelivery();

            assertThat(apply(snapshot(newUserId(), newEmail(), at(10)), delivery)).isEqualTo(result(SyncOutcome.CREATED));

            assertThat(recordedDeliveries(delivery.orElseThrow())).isEqualTo(1);
        }

        @Test
        void aRepeatedDeliveryIdIsADuplicateAndChangesNothingEvenWithOtherContent() {
            var user = newUserId();
            var delivery = newDelivery();
            apply(snapshot(user, newEmail(), "Original", at(10)), delivery);
            var before = load(user);

            assertThat(apply(snapshot(user, newEmail(), "Replayed", at(20)), delivery))
                    .isEqualTo(result(SyncOutcome.DUPLICATE));
            assertThat(apply(deletion(user, at(30)), delivery)).isEqualTo(result(SyncOutcome.DUPLICATE));

            assertThat(load(user)).isEqualTo(before);
        }

        @Test
        void aStaleDeliveryIsRecordedSoThatItsRedeliveryIsADuplicate() {
            var user = newUserId();
            apply(snapshot(user, newEmail(), at(20)));
            var stale = newDelivery();

            assertThat(apply(snapshot(user, newEmail(), at(10)), stale)).isEqualTo(result(SyncOutcome.STALE));
            assertThat(apply(snapshot(user, newEmail(), at(10)), stale)).isEqualTo(result(SyncOutcome.DUPLICATE));
        }

        @Test
        void aDeliveryForATombstoneIsRecordedSoThatItsRedeliveryIsADuplicate() {
            var user = newUserId();
            apply(deletion(user, at(30)));
            var late = newDelivery();

            assertThat(apply(snapshot(user, newEmail(), at(10)), late)).isEqualTo(result(SyncOutcome.ALREADY_DELETED));
            assertThat(apply(snapshot(user, newEmail(), at(10)), late)).isEqualTo(result(SyncOutcome.DUPLICATE));
            assertThat(apply(deletion(user, at(40)), newDelivery())).isEqualTo(result(SyncOutcome.ALREADY_DELETED));
        }

        @Test
        void aRedeliveredDeletionIsADuplicate() {
            var user = newUserId();
            var delivery = newDelivery();

            assertThat(apply(deletion(user, at(30)), delivery)).isEqualTo(result(SyncOutcome.DELETED));
            assertThat(apply(deletion(user, at(30)), delivery)).isEqualTo(result(SyncOutcome.DUPLICATE));
        }

        @Test
        void withoutADeliveryIdNothingIsRecordedAndEveryReplayIsApplied() throws SQLException {
            var user = newUserId();
            var snapshot = snapshot(user, newEmail(), at(10));
            long before = countDeliveries();

            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.CREATED));
            assertThat(apply(snapshot)).isEqualTo(result(SyncOutcome.UPDATED));

            assertThat(countDeliveries()).isEqualTo(before);
        }

        @Test
        void aStatementThatFailsRecordsNoDeliverySoThatTheRedeliveryIsProcessed() throws SQLException {
            var user = newUserId();
            var delivery = newDelivery();
            // A stand-in for any unexpected database error: a constraint only this test's data breaks.
            executeJdbc("alter table users add constraint test_no_boom check (name is distinct from 'Boom')");
            try {
                StepVerifier.create(adapter.apply(snapshot(user, newEmail(), "Boom", at(10)), delivery))
                        .expectErrorSatisfies(error -> assertThat(error)
                                .isInstanceOf(UserTableStatementException.class)
                                .hasMessageContaining("test_no_boom")
                                .hasMessageNotContaining(user.value()))
                        .verify(WAIT);
                assertThat(recordedDeliveries(delivery.orElseThrow())).isZero();
                assertThat(adapter.load(user).blockOptional(WAIT)).isEmpty();
            } finally {
                executeJdbc("alter table users drop constraint test_no_boom");
            }

            assertThat(apply(snapshot(user, newEmail(), "Boom", at(10)), delivery)).isEqualTo(result(SyncOutcome.CREATED));
            assertThat(recordedDeliveries(delivery.orElseThrow())).isEqualTo(1);
        }

        private long countDeliveries() throws SQLException {
            try (var connection = database.openJdbcConnection();
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("select count(*) from processed_webhook_deliveries")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        private void executeJdbc(String sql) throws SQLException {
            try (var connection = database.openJdbcConnection();
                 var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    @Nested
    class EmailAddresses {

        @Test
        void aSnapshotKeepingItsOwnAddressStoresItAsGiven() {
            var user = newUserId();
            var email = newEmail();
            apply(snapshot(user, email, at(10)));

            assertThat(apply(snapshot(user, email, at(20)))).isEqualTo(result(SyncOutcome.UPDATED, EmailResolution.AS_GIVEN));

            assertThat(load(user).email()).contains(new EmailAddress(email));
        }

        @Test
        void aDeletionFreesTheAddressForAnotherUser() {
            var first = newUserId();
            var second = newUserId();
            var email = newEmail();
            apply(snapshot(first, email, at(50)));
            apply(deletion(first, at(60)));

            assertThat(apply(snapshot(second, email, at(10)))).isEqualTo(result(SyncOutcome.CREATED, EmailResolution.AS_GIVEN));

            assertThat(load(second).email()).contains(new EmailAddress(email));
        }

        @Test
        void aNewerSnapshotTakesTheAddressOverFromTheOlderHolder() {
            var holder = newUserId();
            var taker = newUserId();
            var email = newEmail();
            apply(snapshot(holder, email, "Holder", at(10)));

            assertThat(apply(snapshot(taker, email, at(11)))).isEqualTo(result(SyncOutcome.CREATED, EmailResolution.TAKEN_OVER));

            assertThat(load(taker).email()).contains(new EmailAddress(email));
            var released = load(holder);
            assertThat(released.email()).isEmpty();
            assertThat(released.name()).contains("Holder");
            assertThat(released.updatedAt()).contains(at(10));
        }

        @Test
        void anExistingUserUpdatedWithANewerSnapshotAlsoTakesTheAddressOver() {
            var holder = newUserId();
            var taker = newUserId();
            var email = newEmail();
            apply(snapshot(taker, newEmail(), at(5)));
            apply(snapshot(holder, email, at(10)));

            assertThat(apply(snapshot(taker, email, at(20)))).isEqualTo(result(SyncOutcome.UPDATED, EmailResolution.TAKEN_OVER));

            assertThat(load(taker).email()).contains(new EmailAddress(email));
            assertThat(load(holder).email()).isEmpty();
        }

        @Test
        void anOlderSnapshotHasTheAddressWithheldAndIsStoredWithoutOne() {
            var holder = newUserId();
            var latecomer = newUserId();
            var email = newEmail();
            apply(snapshot(holder, email, at(20)));

            assertThat(apply(snapshot(latecomer, email, "Late", at(10))))
                    .isEqualTo(result(SyncOutcome.CREATED, EmailResolution.WITHHELD));

            var stored = load(latecomer);
            assertThat(stored.email()).isEmpty();
            assertThat(stored.name()).contains("Late");
            assertThat(load(holder).email()).contains(new EmailAddress(email));
        }

        @Test
        void aSnapshotAsOldAsTheHoldersRowHasTheAddressWithheld() {
            var holder = newUserId();
            var other = newUserId();
            var email = newEmail();
            apply(snapshot(holder, email, at(10)));

            assertThat(apply(snapshot(other, email, at(10)))).isEqualTo(result(SyncOutcome.CREATED, EmailResolution.WITHHELD));

            assertThat(load(holder).email()).contains(new EmailAddress(email));
        }

        @Test
        void aWithheldAddressIsTakenOverByTheSameUsersNextNewerSnapshot() {
            var holder = newUserId();
            var other = newUserId();
            var email = newEmail();
            apply(snapshot(holder, email, at(20)));
            apply(snapshot(other, email, at(10)));

            assertThat(apply(snapshot(other, email, at(30)))).isEqualTo(result(SyncOutcome.UPDATED, EmailResolution.TAKEN_OVER));

            assertThat(load(other).email()).contains(new EmailAddress(email));
            assertThat(load(holder).email()).isEmpty();
        }

        @Test
        void aStaleSnapshotTakesNoAddressFromAnyone() {
            var user = newUserId();
            var holder = newUserId();
            var email = newEmail();
            apply(snapshot(user, newEmail(), at(30)));
            apply(snapshot(holder, email, at(10)));

            assertThat(apply(snapshot(user, email, at(20)))).isEqualTo(result(SyncOutcome.STALE));

            assertThat(load(holder).email()).contains(new EmailAddress(email));
        }
    }

    @Nested
    class Loading {

        @Test
        void anUnknownUserLoadsAsEmpty() {
            StepVerifier.create(adapter.load(newUserId())).expectComplete().verify(WAIT);
        }

        @Test
        void aTombstoneLoadsWithItsDeletionTime() {
            var user = newUserId();
            apply(deletion(user, at(30)));

            StepVerifier.create(adapter.load(user))
                    .assertNext(stored -> {
                        assertThat(stored.isDeleted()).isTrue();
                        assertThat(stored.deletedAt()).contains(at(30));
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Nested
    class RoundTrips {

        @Test
        void aSnapshotWithADeliveryIdIsOneStatement() {
            connections.clear();

            apply(snapshot(newUserId(), newEmail(), at(10)), newDelivery());

            assertThat(connections.statements()).hasSize(1);
            assertThat(connections.statements().getFirst()).startsWith("with ");
        }

        @Test
        void aDeletionWithADeliveryIdIsOneStatement() {
            connections.clear();

            apply(deletion(newUserId(), at(10)), newDelivery());

            assertThat(connections.statements()).hasSize(1);
        }

        @Test
        void aDuplicateDeliveryIsOneStatement() {
            var delivery = newDelivery();
            apply(snapshot(newUserId(), newEmail(), at(10)), delivery);
            connections.clear();

            apply(snapshot(newUserId(), newEmail(), at(10)), delivery);

            assertThat(connections.statements()).hasSize(1);
        }

        @Test
        void everyDeliveryRunsTheSameStatementTextWithItsValuesBoundSoThatItIsPreparedOnce() {
            connections.clear();
            var email = newEmail();

            apply(snapshot(newUserId(), email, at(10)), newDelivery());
            apply(snapshot(newUserId(), newEmail(), at(20)), newDelivery());
            apply(deletion(newUserId(), at(30)), newDelivery());
            apply(deletion(newUserId(), at(40)), newDelivery());

            var statements = connections.statements();
            assertThat(statements).hasSize(4);
            assertThat(statements.get(1)).isEqualTo(statements.get(0)).contains("$1", "$8");
            assertThat(statements.get(3)).isEqualTo(statements.get(2)).contains("$1", "$3");
            assertThat(statements).noneMatch(sql -> sql.contains(email));
        }
    }
}

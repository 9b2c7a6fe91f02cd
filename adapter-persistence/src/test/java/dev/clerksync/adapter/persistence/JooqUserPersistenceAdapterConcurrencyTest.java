package dev.clerksync.adapter.persistence;

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
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.SyncOutcome;
import dev.clerksync.domain.model.SyncResult;
import dev.clerksync.domain.model.UserChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Many deliveries at once, as several service instances would apply them: 32 in flight over a pool
 * of 16 connections. Every test asserts that no call failed.
 */
class JooqUserPersistenceAdapterConcurrencyTest {

    private static final int IN_FLIGHT = 32;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PostgresTestDatabase database;
    private static JooqUserPersistenceAdapter adapter;

    @BeforeAll
    static void startDatabase() {
        database = PostgresTestDatabase.create();
        adapter = new JooqUserPersistenceAdapter(DSL.using(database.connectionPool(16), SQLDialect.POSTGRES));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private record Delivery(UserChange change, Optional<DeliveryId> id) {
    }

    /** Applies all deliveries concurrently; fails the test on any error. Results in the given order. */
    private static List<SyncResult> applyAtOnce(List<Delivery> deliveries) {
        return Flux.fromIterable(deliveries)
                .flatMapSequential(d -> adapter.apply(d.change(), d.id()), IN_FLIGHT)
                .collectList()
                .block(WAIT);
    }

    private static Map<SyncOutcome, Long> countOutcomes(List<SyncResult> results) {
        return results.stream().collect(Collectors.groupingBy(SyncResult::outcome, Collectors.counting()));
    }

    private static StoredUser load(ClerkUserId userId) {
        return adapter.load(userId).blockOptional(WAIT).orElseThrow();
    }

    @Test
    void theSameDeliveryTwentyTimesAtOnceIsAppliedExactlyOnce() {
        var user = newUserId();
        var delivery = newDelivery();
        var change = snapshot(user, newEmail(), at(10));

        var results = applyAtOnce(Collections.nCopies(20, new Delivery(change, delivery)));

        assertThat(countOutcomes(results))
                .containsExactlyInAnyOrderEntriesOf(Map.of(SyncOutcome.CREATED, 1L, SyncOutcome.DUPLICATE, 19L));
    }

    @Test
    void twoHundredSnapshotsOfOneUserInAnyOrderEndWithTheNewest() {
        var user = newUserId();
        List<Delivery> deliveries = new ArrayList<>();
        for (int second = 1; second <= 200; second++) {
            deliveries.add(new Delivery(snapshot(user, newEmail(), "Version " + second, at(second)), newDelivery()));
        }
        Collections.shuffle(deliveries, new Random(42));

        var outcomes = countOutcomes(applyAtOnce(deliveries));

        assertThat(outcomes.get(SyncOutcome.CREATED)).isEqualTo(1);
        assertThat(outcomes.getOrDefault(SyncOutcome.UPDATED, 0L) + outcomes.getOrDefault(SyncOutcome.STALE, 0L))
                .isEqualTo(199);
        var stored = load(user);
        assertThat(stored.name()).contains("Version 200");
        assertThat(stored.updatedAt()).contains(at(200));
    }

    @Test
    void whenTwoFirstDeliveriesOfAUserRaceOneCreatesAndTheOtherUpdates() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var change = snapshot(newUserId(), newEmail(), at(10));
            deliveries.add(new Delivery(change, newDelivery()));
            deliveries.add(new Delivery(change, newDelivery()));
        }

        var results = applyAtOnce(deliveries);

        for (int i = 0; i < results.size(); i += 2) {
            assertThat(List.of(results.get(i).outcome(), results.get(i + 1).outcome()))
                    .containsExactlyInAnyOrder(SyncOutcome.CREATED, SyncOutcome.UPDATED);
        }
    }

    @Test
    void aDeletionAmongConcurrentSnapshotsLeavesATombstoneThatNothingRevived() {
        var user = newUserId();
        List<Delivery> deliveries = new ArrayList<>();
        for (int second = 1; second <= 60; second++) {
            deliveries.add(new Delivery(snapshot(user, newEmail(), at(second)), newDelivery()));
        }
        deliveries.add(new Delivery(deletion(user, at(61)), newDelivery()));
        deliveries.add(new Delivery(deletion(user, at(61)), newDelivery()));
        Collections.shuffle(deliveries, new Random(7));

        var outcomes = countOutcomes(applyAtOnce(deliveries));

        assertThat(outcomes.get(SyncOutcome.DELETED)).isEqualTo(1);
        assertThat(outcomes.getOrDefault(SyncOutcome.CREATED, 0L)).isLessThanOrEqualTo(1);
        assertThat(outcomes.get(SyncOutcome.ALREADY_DELETED)).isGreaterThanOrEqualTo(1);
        var tombstone = load(user);
        assertThat(tombstone.deletedAt()).contains(at(61));
        assertThat(tombstone.email()).isEmpty();
        assertThat(tombstone.name()).isEmpty();
    }

    @Test
    void whenManyUsersClaimOneAddressAtOnceTheNewestClaimHoldsIt() {
        for (int round = 0; round < 5; round++) {
            var email = newEmail();
            List<ClerkUserId> users = IntStream.range(0, 12).mapToObj(i -> newUserId()).toList();
            List<Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                deliveries.add(new Delivery(snapshot(users.get(i), email, at(100 + i)), newDelivery()));
            }
            Collections.shuffle(deliveries, new Random(round));

            applyAtOnce(deliveries);

            var newest = users.getLast();
            assertThat(load(newest).email()).contains(new EmailAddress(email));
            users.subList(0, users.size() - 1).forEach(user -> assertThat(load(user).email()).isEmpty());
        }
    }

    /**
     * A realistic history (an address leaves its holder before someone else adds it, as the provider
     * enforces) of a handful of users passing a few addresses around, every snapshot delivered in
     * random order, some twice, all at once. However they interleave, the end state is each user's
     * newest snapshot, addresses included.
     */
    @Test
    void manyConcurrentAddressMovesEndWithEveryUsersNewestSnapshotAndUniqueAddresses() {
        for (int round = 0; round < 5; round++) {
            var random = new Random(1000 + round);
            var history = new History(6, 4, random);
            for (int step = 0; step < 80; step++) {
                history.moveRandomly();
            }
            List<Delivery> deliveries = new ArrayList<>();
            for (var change : history.changes) {
                var delivery = new Delivery(change, newDelivery());
                deliveries.add(delivery);
                if (random.nextInt(5) == 0) {
                    deliveries.add(delivery); // redelivered
                }
            }
            Collections.shuffle(deliveries, random);

            var outcomes = countOutcomes(applyAtOnce(deliveries));

            assertThat(outcomes.getOrDefault(SyncOutcome.DUPLICATE, 0L))
                    .isEqualTo(deliveries.size() - history.changes.size());
            assertThat(outcomes.get(SyncOutcome.CREATED)).isEqualTo(history.users.size());
            Map<ClerkUserId, StoredUser> stored = history.users.stream()
                    .collect(Collectors.toMap(Function.identity(), JooqUserPersistenceAdapterConcurrencyTest::load));
            for (var user : history.users) {
                var newest = history.newest.get(user);
                assertThat(stored.get(user).updatedAt()).as("%s updatedAt", user).contains(newest.profile().updatedAt());
                assertThat(stored.get(user).email()).as("%s email", user).isEqualTo(newest.profile().email());
            }
            var heldAddresses = stored.values().stream().map(StoredUser::email).flatMap(Optional::stream).toList();
            assertThat(heldAddresses).doesNotHaveDuplicates();
        }
    }

    /** The provider's side: users and who holds which address, changing one snapshot at a time. */
    private static final class History {

        final List<ClerkUserId> users;
        final List<String> addresses;
        final Map<ClerkUserId, String> holding = new HashMap<>();
        final Map<ClerkUserId, UserChange.Snapshot> newest = new HashMap<>();
        final List<UserChange.Snapshot> changes = new ArrayList<>();
        final Random random;
        long clock = 0;

        History(int userCount, int addressCount, Random random) {
            this.random = random;
            users = IntStream.range(0, userCount).mapToObj(i -> newUserId()).toList();
            addresses = IntStream.range(0, addressCount).mapToObj(i -> newEmail()).toList();
            for (int i = 0; i < userCount; i++) {
                record(users.get(i), i < addressCount ? addresses.get(i) : null);
            }
        }

        void moveRandomly() {
            var user = users.get(random.nextInt(users.size()));
            String wanted = random.nextInt(6) == 0 ? null : addresses.get(random.nextInt(addresses.size()));
            if (Objects.equals(holding.get(user), wanted)) {
                record(user, wanted); // a change of something else
                return;
            }
            if (wanted != null) {
                holding.entrySet().stream()
                        .filter(e -> wanted.equals(e.getValue()))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .ifPresent(holder -> record(holder, freeAddressOtherThan(wanted)));
            }
            record(user, wanted);
        }

        private String freeAddressOtherThan(String address) {
            var free = addresses.stream()
                    .filter(a -> !a.equals(address) && !holding.containsValue(a))
                    .toList();
            return free.isEmpty() || random.nextBoolean() ? null : free.get(random.nextInt(free.size()));
        }

        private void record(ClerkUserId user, String address) {
            var snapshot = snapshot(user, address, at(++clock));
            if (address == null) {
                holding.remove(user);
            } else {
                holding.put(user, address);
            }
            newest.put(user, snapshot);
            changes.add(snapshot);
        }
    }
}

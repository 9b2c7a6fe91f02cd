package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.PropertyRuns;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.bootstrap.ClerkHistory.Names;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Model-based: for any Clerk history (see {@link ClerkHistory}), delivering all its events to the
 * running service over HTTP, signed, shuffled, with redeliveries of the same {@code svix-id} and
 * resends under new ids, many at once, leaves the users table exactly as Clerk's final state:
 * live users with their last snapshot (address, name, username, image URL, Clerk's timestamps),
 * deleted users as tombstones with no personal data. One service serves every case; each case has
 * its own user ids and addresses.
 *
 * <p>A failure is shrunk to a small history and printed event by event, with the delivery order.
 */
class WebhookModelEndToEndTest {

    /** Default: 60 histories of up to 40 operations; more with -Dclerksync.model.tries=1000. */
    static final PropertyRuns RUNS = PropertyRuns.of("model", 60, 20261126L, 150);

    static final int MAX_OPERATIONS = 40;
    static final int IN_FLIGHT = 12;

    @RegisterExtension
    static final RunningServiceExtension RUNNING = new RunningServiceExtension();

    /** How the events are delivered: order, redeliveries (same id) and resends (new id). */
    record DeliveryPlan(long shuffleSeed, int redeliveries, int resends) {
    }

    /** One HTTP delivery. */
    record Delivery(String svixId, ClerkHistory.Event event, String body) {
        @Override
        public String toString() {
            return svixId.substring(svixId.length() - 4) + ":" + event.sequence();
        }
    }

    record Answer(Delivery delivery, int status, String outcome) {
    }

    /** A row as compared: tombstones keep only their id and deletion time. */
    record Row(String clerkId, String email, String name, String username, String imageUrl,
               Instant createdAt, Instant updatedAt, Instant deletedAt) {
    }

    @Test
    void anyClerkHistoryDeliveredShuffledDuplicatedAndConcurrentlyLeavesExactlyClerksFinalState() {
        var tries = new AtomicInteger();
        var deliveries = new AtomicInteger();
        var moves = new AtomicInteger();
        var client = client();
        var dsl = RUNNING.service().bean(DSLContext.class);

        RUNS.theory()
                .forAll(ClerkHistory.histories(MAX_OPERATIONS), deliveryPlans())
                .checkAssert((history, plan) -> {
                    tries.incrementAndGet();
                    var names = new Names("m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
                    List<Delivery> order = order(history, plan, names);

                    List<Answer> answers = Flux.fromIterable(order)
                            .flatMap(delivery -> deliver(client, delivery), IN_FLIGHT)
                            .collectList()
                            .block();

                    String context = "delivery order " + order + " for " + history;
                    assertThat(answers).as(context).hasSize(order.size());
                    assertThat(answers).as(context).allSatisfy(answer ->
                            assertThat(answer.status()).as(answer.delivery() + " " + answer.outcome()).isEqualTo(200));
                    assertThat(answers).as(context).filteredOn(a -> a.outcome().equals("DUPLICATE"))
                            .hasSize(order.size() - distinctIds(order));
                    // Each deleted user is deleted by exactly one delivery, and no user is created twice.
                    long deletedUsers = history.finalState().values().stream().filter(ClerkHistory.UserState::isDeleted).count();
                    assertThat(answers).as(context).filteredOn(a -> a.outcome().equals("DELETED")).hasSize((int) deletedUsers);
                    assertThat(answers).as(context).filteredOn(a -> a.outcome().equals("CREATED"))
                            .extracting(a -> a.delivery().event().user().user())
                            .doesNotHaveDuplicates();
                    assertThat(rows(dsl, names)).as(context).containsExactlyElementsOf(expectedRows(history, names));
                    deliveries.addAndGet(order.size());
                    moves.addAndGet(addressChanges(history));
                });

        assertThat(tries.get()).isGreaterThanOrEqualTo(RUNS.atLeastDistinct());
        assertThat(deliveries.get()).as("deliveries made").isGreaterThan(tries.get() * 10);
        assertThat(moves.get()).as("address changes in the histories").isGreaterThan(tries.get() * 2);
        System.out.printf("model-based: %d histories, %d deliveries, %d address changes (%s)%n",
                tries.get(), deliveries.get(), moves.get(), RUNS);
    }

    private static Gen<DeliveryPlan> deliveryPlans() {
        return in -> new DeliveryPlan(
                in.next(Constraint.between(0, Long.MAX_VALUE / 2)),
                (int) in.next(Constraint.between(0, 15)),
                (int) in.next(Constraint.between(0, 5)));
    }

    /** Every event once, then redeliveries and resends of random events, all shuffled. */
    static List<Delivery> order(ClerkHistory history, DeliveryPlan plan, Names names) {
        var random = new Random(plan.shuffleSeed());
        List<Delivery> order = new ArrayList<>();
        for (ClerkHistory.Event event : history.events()) {
            order.add(new Delivery(SvixTestSigner.newMessageId(), event, event.body(names)));
        }
        int firstDeliveries = order.size();
        for (int i = 0; i < plan.redeliveries(); i++) {
            order.add(order.get(random.nextInt(firstDeliveries)));
        }
        for (int i = 0; i < plan.resends(); i++) {
            Delivery resent = order.get(random.nextInt(firstDeliveries));
            order.add(new Delivery(SvixTestSigner.newMessageId(), resent.event(), resent.body()));
        }
        Collections.shuffle(order, random);
        return order;
    }

    private static int distinctIds(List<Delivery> order) {
        return (int) order.stream().map(Delivery::svixId).distinct().count();
    }

    private static int addressChanges(ClerkHistory history) {
        var last = new java.util.HashMap<Integer, Optional<Integer>>();
        int changes = 0;
        for (var event : history.events()) {
            var previous = last.put(event.user().user(), event.user().address());
            if (previous != null && !previous.equals(event.user().address()) && !event.user().isDeleted()) {
                changes++;
            }
        }
        return changes;
    }

    private static reactor.core.publisher.Mono<Answer> deliver(WebClient client, Delivery delivery) {
        var headers = RunningServiceExtension.SIGNER.headers(delivery.svixId(), delivery.body());
        return client.post().uri("/api/webhooks/clerk")
                .contentType(MediaType.APPLICATION_JSON)
                .header("svix-id", headers.id())
                .header("svix-timestamp", headers.timestamp())
                .header("svix-signature", headers.signature())
                .bodyValue(delivery.body())
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .defaultIfEmpty(Map.of())
                        .map(json -> new Answer(delivery, response.statusCode().value(), String.valueOf(json.get("outcome")))));
    }

    private static WebClient client() {
        var connections = ConnectionProvider.builder("model").maxConnections(IN_FLIGHT).pendingAcquireMaxCount(-1).build();
        return WebClient.builder().baseUrl("http://127.0.0.1:" + RUNNING.service().port())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .build();
    }

    static List<Row> expectedRows(ClerkHistory history, Names names) {
        return history.finalState().values().stream()
                .map(user -> user.isDeleted()
                        ? new Row(names.userId(user.user()), null, null, null, null, null, null, user.deletedAt().get())
                        : new Row(names.userId(user.user()), user.address().map(names::address).orElse(null),
                                dev.clerksync.domain.model.UserProfile.displayName(user.firstName(), user.lastName()).orElse(null),
                                user.username().orElse(null), user.imageUrl().orElse(null),
                                user.createdAt(), user.updatedAt(), null))
                .sorted(Comparator.comparing(Row::clerkId))
                .toList();
    }

    /** Every row of this run, read back from PostgreSQL. */
    static List<Row> rows(DSLContext dsl, Names names) {
        return Flux.from(dsl.resultQuery(
                        "select clerk_id, email, name, username, image_url, clerk_created_at, clerk_updated_at, deleted_at"
                                + " from users where clerk_id like ? order by clerk_id", "user_" + names.run() + "\\_%"))
                .map(WebhookModelEndToEndTest::row)
                .collectList()
                .block();
    }

    private static Row row(Record record) {
        Instant deletedAt = instant(record.get("deleted_at"));
        boolean tombstone = deletedAt != null;
        return new Row(record.get("clerk_id", String.class), record.get("email", String.class),
                record.get("name", String.class), record.get("username", String.class), record.get("image_url", String.class),
                // A tombstone's Clerk timestamps depend on what arrived before the deletion: not compared.
                tombstone ? null : instant(record.get("clerk_created_at")),
                tombstone ? null : instant(record.get("clerk_updated_at")),
                deletedAt);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }
}

package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.bootstrap.UserEventModel.Kind;
import dev.clerksync.bootstrap.UserEventModel.UserEvent;
import dev.clerksync.bootstrap.WebhookSender.Answer;
import dev.clerksync.bootstrap.WebhookSender.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Flux;

/**
 * Two instances of the service on one database, as behind a load balancer: every delivery arrives
 * twice (Svix's at-least-once), once at each instance, in a shuffled order, many at once. The table
 * converges on the newest event of each user, deleted users stay tombstones, and every svix-id is
 * applied exactly once.
 */
@ExtendWith(OutputCaptureExtension.class)
class SeveralInstancesEndToEndTest {

    private static final int USERS = 50;
    private static final int VERSIONS = 5;
    private static final int IN_FLIGHT = 32;
    private static final Instant T0 = Instant.parse("2026-08-01T00:00:00Z");

    private record Attempt(Delivery delivery, int instance) {
    }

    @Test
    void twoInstancesFedShuffledDuplicatedEventsConvergeOnTheModelAndApplyEachDeliveryOnce(CapturedOutput output)
            throws Exception {
        var events = events();
        var deliveries = events.stream().map(event -> Delivery.of(event.body())).toList();
        var attempts = new ArrayList<Attempt>();
        deliveries.forEach(delivery -> {
            attempts.add(new Attempt(delivery, 0));
            attempts.add(new Attempt(delivery, 1));
        });
        Collections.shuffle(attempts, new Random(6));

        try (var database = PostgresTestDatabase.createEmpty();
                var first = RunningService.start(database.postgresqlUrl());
                var second = RunningService.start(database.postgresqlUrl());
                var toFirst = new WebhookSender(first.port(), IN_FLIGHT);
                var toSecond = new WebhookSender(second.port(), IN_FLIGHT)) {
            var senders = List.of(toFirst, toSecond);

            List<Answer> answers = Flux.fromIterable(attempts)
                    .flatMap(attempt -> senders.get(attempt.instance()).send(attempt.delivery()), IN_FLIGHT)
                    .collectList()
                    .block();
            var refused = answers.stream().filter(answer -> !answer.accepted()).toList();
            var redelivered = toFirst.redeliverUntilAccepted(refused.stream().map(Answer::delivery).toList(), 8,
                    Duration.ofSeconds(30));

            assertThat(answers).hasSize(2 * deliveries.size());
            assertThat(answers).extracting(Answer::status).as("answered 2xx or 503, nothing else").isSubsetOf(200, 503);
            assertThat(WebhookSender.maxLatency(answers)).as("no delivery left past Svix's timeout")
                    .isLessThan(WebhookSender.SVIX_TIMEOUT);
            // Each svix-id changed the table at most once; exactly once when none of its attempts was
            // refused (a refused attempt may have been applied before its answer was lost).
            var accepted = new ArrayList<>(answers.stream().filter(Answer::accepted).toList());
            accepted.addAll(redelivered);
            Map<String, Long> applications = accepted.stream()
                    .filter(answer -> !answer.outcome().orElseThrow().equals("DUPLICATE"))
                    .collect(Collectors.groupingBy(answer -> answer.delivery().msgId(), Collectors.counting()));
            assertThat(applications.values()).as("applications per svix-id").containsOnly(1L);
            var refusedIds = refused.stream().map(answer -> answer.delivery().msgId()).collect(Collectors.toSet());
            assertThat(deliveries).filteredOn(delivery -> !refusedIds.contains(delivery.msgId()))
                    .allSatisfy(delivery -> assertThat(applications).containsKey(delivery.msgId()));
            try (var connection = database.openJdbcConnection()) {
                assertThat(UserEventModel.processedDeliveryIds(connection))
                        .isEqualTo(deliveries.stream().map(Delivery::msgId).collect(Collectors.toSet()));
                var actual = UserEventModel.actualRows(connection);
                assertThat(actual).hasSize(USERS);
                assertThat(actual).isEqualTo(UserEventModel.expectedRows(events));
                assertThat(actual.values()).filteredOn(UserEventModel.Row::tombstone).hasSize(USERS / 5);
            }
            // Both instances did part of the work.
            assertThat(output.getOut()).contains("outcome=CREATED");
            System.out.printf("several instances: %d events (%d users x created/updated v1..v%d, %d deleted) delivered"
                            + " twice each, one copy per instance, shuffled, %d in flight: outcomes %s, %d refused and"
                            + " redelivered, table equal to the model, events lost: 0%n",
                    events.size(), USERS, VERSIONS, USERS / 5, IN_FLIGHT, UserEventModel.countOutcomes(answers),
                    refused.size());
        }
        var personal = new ArrayList<String>();
        events.stream().filter(event -> event.kind() != Kind.DELETED)
                .forEach(event -> personal.addAll(List.of(event.email(), event.firstName())));
        LogSecrets.assertNoSecretsOrPayloadsIn(output.getAll(), personal);
    }

    /** Per user: created (v1), updated v2..v5; every fifth user is then deleted. */
    private static List<UserEvent> events() {
        var events = new ArrayList<UserEvent>();
        for (int u = 0; u < USERS; u++) {
            var userId = newUserId();
            for (int v = 1; v <= VERSIONS; v++) {
                events.add(UserEvent.snapshot(v == 1 ? Kind.CREATED : Kind.UPDATED, userId,
                        T0.plusSeconds(u * 100L + v), "v" + v + "." + userId.substring(5) + "@example.com",
                        "Ignatius" + u + "v" + v, "Twinstance"));
            }
            if (u % 5 == 0) {
                events.add(UserEvent.deleted(userId));
            }
        }
        return events;
    }
}

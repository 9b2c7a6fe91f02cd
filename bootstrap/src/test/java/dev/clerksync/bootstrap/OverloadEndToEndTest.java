package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.bootstrap.UserEventModel.Kind;
import dev.clerksync.bootstrap.UserEventModel.UserEvent;
import dev.clerksync.bootstrap.WebhookSender.Answer;
import dev.clerksync.bootstrap.WebhookSender.Delivery;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Far more deliveries at once than database connections: 500 in flight against a pool of 5. Each is
 * stored or refused fast with 503 and Retry-After (Svix retries it), none waits past 10 s, memory
 * does not grow from one burst to the next, and redelivering the refused ones stores every event.
 */
@ExtendWith(OutputCaptureExtension.class)
class OverloadEndToEndTest {

    private static final int IN_FLIGHT = 500;
    private static final int BURSTS = 2;
    private static final int WARM_UP = 200;
    private static final int POOL_SIZE = 5;
    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    /** Heap in use after a full GC may not grow by more than this from the first burst to the last. */
    private static final long HEAP_GROWTH_BOUND = 48L * 1024 * 1024;

    @Test
    void fiveHundredDeliveriesInFlightAgainstAPoolOfFiveAreStoredOrRefusedFastAndNoneIsLost(CapturedOutput output)
            throws Exception {
        var events = new ArrayList<UserEvent>();
        var allAnswers = new ArrayList<Answer>();
        var heapAfterBurst = new ArrayList<Long>();
        var refused = new ArrayList<Delivery>();
        try (var database = PostgresTestDatabase.createEmpty();
                var service = RunningService.start(settings(database));
                var sender = new WebhookSender(service.port(), IN_FLIGHT)) {
            // A service that has been running a while: its code compiled, its pool filled.
            var warmUp = IntStream.range(0, WARM_UP).mapToObj(n -> signUp(-1 - n)).toList();
            events.addAll(warmUp);
            assertThat(sender.sendAll(warmUp.stream().map(event -> Delivery.of(event.body())).toList(), 8))
                    .extracting(Answer::status).containsOnly(200);
            var perBurst = new ArrayList<String>();
            for (int burst = 0; burst < BURSTS; burst++) {
                int first = burst * IN_FLIGHT;
                var burstEvents = IntStream.range(first, first + IN_FLIGHT).mapToObj(OverloadEndToEndTest::signUp).toList();
                events.addAll(burstEvents);

                var answers = sender.sendAll(burstEvents.stream().map(event -> Delivery.of(event.body())).toList(), IN_FLIGHT);

                allAnswers.addAll(answers);
                perBurst.add(String.format("burst %d: %d refused, slowest %d ms, slowest refusal %d ms", burst,
                        answers.stream().filter(answer -> !answer.accepted()).count(),
                        WebhookSender.maxLatency(answers).toMillis(),
                        WebhookSender.maxLatency(answers.stream().filter(answer -> !answer.accepted()).toList()).toMillis()));
                answers.stream().filter(answer -> !answer.accepted()).map(Answer::delivery).forEach(refused::add);
                heapAfterBurst.add(heapUsedAfterGc());
            }

            var redelivered = sender.redeliverUntilAccepted(refused, 50, Duration.ofSeconds(60));
            System.out.println("overload: " + perBurst);

            assertThat(allAnswers).hasSize(BURSTS * IN_FLIGHT);
            assertThat(allAnswers).extracting(Answer::status).isSubsetOf(200, 503);
            assertThat(allAnswers).filteredOn(answer -> answer.status() == 503)
                    .allSatisfy(answer -> assertThat(answer.retryAfter()).contains("5"));
            assertThat(WebhookSender.maxLatency(allAnswers)).isLessThan(Duration.ofSeconds(10));
            assertThat(allAnswers).filteredOn(Answer::accepted).hasSizeGreaterThan(0);
            assertThat(heapAfterBurst.getLast() - heapAfterBurst.getFirst())
                    .as("heap growth after GC from the first burst to the last, bytes (after each: %s)", heapAfterBurst)
                    .isLessThan(HEAP_GROWTH_BOUND);
            assertThat(redelivered).hasSize(refused.size());
            try (var connection = database.openJdbcConnection()) {
                assertThat(UserEventModel.processedDeliveryIds(connection)).hasSize(WARM_UP + BURSTS * IN_FLIGHT);
                assertThat(UserEventModel.actualRows(connection)).isEqualTo(UserEventModel.expectedRows(events));
            }
            System.out.printf("overload: %d bursts of %d deliveries in flight on a pool of %d: %d stored at once,"
                            + " %d refused with 503 (then redelivered and stored), slowest answer %d ms,"
                            + " heap after GC %s MiB, events lost: 0%n",
                    BURSTS, IN_FLIGHT, POOL_SIZE, allAnswers.size() - refused.size(), refused.size(),
                    WebhookSender.maxLatency(allAnswers).toMillis(),
                    heapAfterBurst.stream().map(bytes -> String.valueOf(bytes / (1024 * 1024))).collect(Collectors.joining("/")));
        }
        var personal = new ArrayList<String>();
        events.forEach(event -> personal.addAll(List.of(event.email(), event.firstName())));
        LogSecrets.assertNoSecretsOrPayloadsIn(output.getAll(), personal);
    }

    private static java.util.Map<String, String> settings(PostgresTestDatabase database) {
        var settings = RunningService.settings(database.postgresqlUrl());
        settings.put("spring.r2dbc.pool.max-size", Integer.toString(POOL_SIZE));
        return settings;
    }

    private static UserEvent signUp(int n) {
        var userId = newUserId();
        return UserEvent.snapshot(Kind.CREATED, userId, T0.plusSeconds(n),
                "load." + userId.substring(5) + "@example.com", "Bartholomew" + n, "Loadsworth");
    }

    /** The JVM's heap in use after a full collection (the service runs in this JVM). */
    private static long heapUsedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            WebhookSender.sleep(Duration.ofMillis(100));
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

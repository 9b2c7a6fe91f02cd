package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.RunningServiceExtension.deliver;
import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.adapter.clerk.testing.ClerkBackendApiStandIn;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.adapter.persistence.testing.PostgresTestDatabase;
import dev.clerksync.adapter.persistence.testing.PrivatePostgresCluster;
import dev.clerksync.adapter.persistence.testing.PrivatePostgresCluster.StopMode;
import dev.clerksync.bootstrap.UserEventModel.Kind;
import dev.clerksync.bootstrap.UserEventModel.UserEvent;
import dev.clerksync.bootstrap.WebhookSender.Answer;
import dev.clerksync.bootstrap.WebhookSender.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * The database goes away under a running service: deliveries get a fast 503 with Retry-After
 * (so Svix retries later and nothing is lost), and the service recovers by itself when it is back.
 * Once with the network to the database cut (a proxy), once with the database server itself
 * stopped and started again (a private PostgreSQL cluster).
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageEndToEndTest {

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsDownAndRecoversWhenItIsBack(CapturedOutput output) {
        String during;
        try (var database = PostgresTestDatabase.create();
                var proxy = new TcpProxy(database.host(), database.port()).start();
                var service = RunningService.start(database.postgresqlUrl()
                        .replace("@" + database.host() + ":" + database.port() + "/", "@127.0.0.1:" + proxy.port() + "/"))) {
            var before = newUserId();
            deliver(service.client(), SvixTestSigner.newMessageId(), body(before)).expectStatus().isOk();

            proxy.stop();
            during = newUserId();
            var msgId = SvixTestSigner.newMessageId();
            long started = System.nanoTime();
            deliver(service.client(), msgId, body(during))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            proxy.start();
            // Svix redelivers the very same message; it must now be applied, not taken for a duplicate.
            var recovered = awaitOk(service, msgId, body(during));
            assertThat(recovered).isEqualTo("CREATED");
            var loads = service.bean(LoadUserPort.class);
            assertThat(loads.load(new ClerkUserId(before)).blockOptional()).isPresent();
            assertThat(loads.load(new ClerkUserId(during)).blockOptional()).isPresent();
        }
        assertThat(output.getOut()).contains("outcome=UNAVAILABLE status=503");
        // The failure is reported without the statement: no address or other payload data.
        assertThat(output.getAll()).doesNotContain("outage+", "insert into");
    }

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String DATABASE_PASSWORD = "db-password-never-logged-7f3a";
    /** Users signed up in the stream; the first {@value #UPDATED_USERS} of them are updated later in it. */
    private static final int STREAM_USERS = 350;
    private static final int UPDATED_USERS = 150;
    private static final int USERS_AFTER_RECOVERY = 50;
    private static final Duration PACE = Duration.ofMillis(12);
    private static final Duration DOWN_FOR = Duration.ofMillis(3000);

    @Test
    void aStreamOfDeliveriesSurvivesTheDatabaseServerStoppingAndStartingAgainWithNoEventLost(CapturedOutput output)
            throws Exception {
        var events = streamEvents();
        var deliveries = new LinkedHashMap<Delivery, UserEvent>();
        events.forEach(event -> deliveries.put(Delivery.of(event.body()), event));
        var sessions = SessionTokens.generate(SignInEndToEndTest.PUBLISHABLE_KEY);
        var personalValues = new ArrayList<String>(List.of(DATABASE_PASSWORD));
        events.stream().filter(event -> event.kind() != Kind.DELETED)
                .forEach(event -> personalValues.addAll(List.of(event.email(), event.firstName(), event.lastName())));

        try (var cluster = PrivatePostgresCluster.start();
                var service = RunningService.start(settings(cluster, sessions));
                var sender = new WebhookSender(service.port(), 64)) {
            var readiness = new Readiness(service);
            assertThat(readiness.status()).isEqualTo(200);
            var outage = new Outage();

            // The stream: one delivery every 12 ms, up to 32 in flight; the server is stopped while it runs.
            long streamStarted = System.nanoTime();
            var faults = CompletableFuture.runAsync(() -> {
                WebhookSender.sleep(Duration.ofMillis(1200));
                cluster.stop(StopMode.IMMEDIATE);
                outage.stopped = System.nanoTime();
                outage.readinessDown = readiness.awaitStatus(503, Duration.ofSeconds(10));
                var token = sessions.token(events.getFirst().userId(), "sess_outage").mint();
                personalValues.add(token);
                outage.currentUserDuringOutage = currentUser(service, token);
                WebhookSender.sleep(DOWN_FOR);
                outage.restarting = System.nanoTime();
                cluster.startAgain();
                outage.readinessUp = readiness.awaitStatus(200, Duration.ofSeconds(30));
            });
            List<Answer> stream = Flux.fromIterable(deliveries.keySet())
                    .delayElements(PACE)
                    .flatMap(sender::send, 32)
                    .collectList()
                    .block();
            faults.join();

            // Back: new sign-ups are stored at the first attempt, without anyone restarting the service.
            var afterRecovery = IntStream.range(0, USERS_AFTER_RECOVERY).mapToObj(i -> signUp(newUserId(), 1_000 + i)).toList();
            afterRecovery.forEach(event -> personalValues.addAll(List.of(event.email(), event.firstName(), event.lastName())));
            var afterRecoveryDeliveries = afterRecovery.stream().map(event -> Delivery.of(event.body())).toList();
            var afterRecoveryAnswers = sender.sendAll(afterRecoveryDeliveries, 16);

            // Svix redelivers every delivery that was not answered 2xx, with the same svix-id.
            var refused = stream.stream().filter(answer -> !answer.accepted()).map(Answer::delivery).toList();
            var redelivered = sender.redeliverUntilAccepted(refused, 16, Duration.ofSeconds(30));

            // Every answer was 200 or 503 with Retry-After: never a 400 (Svix would still retry, but it
            // says the request was wrong), never a 500, never unanswered.
            assertThat(stream).hasSize(STREAM_USERS + UPDATED_USERS);
            assertThat(stream).extracting(Answer::status).isSubsetOf(200, 503);
            assertThat(stream).filteredOn(answer -> answer.status() == 503)
                    .allSatisfy(answer -> assertThat(answer.retryAfter()).contains("5"));
            // While the server was down, every delivery was refused within 5 s.
            var whileDown = stream.stream()
                    .filter(answer -> answer.startedNanos() > outage.stopped && answer.endedNanos() < outage.restarting)
                    .toList();
            assertThat(whileDown).hasSizeGreaterThanOrEqualTo(50);
            assertThat(whileDown).extracting(Answer::status).containsOnly(503);
            assertThat(WebhookSender.maxLatency(whileDown)).isLessThan(Duration.ofSeconds(5));
            assertThat(WebhookSender.maxLatency(stream)).isLessThan(Duration.ofSeconds(5));
            // Readiness followed the database, and so did the signed-in user's profile.
            assertThat(outage.readinessDown).as("readiness reported down after the stop").isTrue();
            assertThat(outage.readinessUp).as("readiness reported up again after the start").isTrue();
            assertThat(outage.currentUserDuringOutage).isEqualTo(503);
            // Recovered by itself.
            assertThat(afterRecoveryAnswers).extracting(Answer::status).containsOnly(200);
            assertThat(afterRecoveryAnswers).extracting(Answer::outcome).containsOnly(java.util.Optional.of("CREATED"));
            assertThat(redelivered).hasSize(refused.size());

            // Nothing lost: every svix-id is recorded, and the table is exactly what the events say.
            var allEvents = Stream.concat(events.stream(), afterRecovery.stream()).toList();
            var allMsgIds = Stream.concat(deliveries.keySet().stream(), afterRecoveryDeliveries.stream())
                    .map(Delivery::msgId).collect(java.util.stream.Collectors.toSet());
            try (var connection = cluster.openJdbcConnection()) {
                assertThat(UserEventModel.processedDeliveryIds(connection)).isEqualTo(allMsgIds);
                var actual = UserEventModel.actualRows(connection);
                assertThat(actual).hasSize(STREAM_USERS + USERS_AFTER_RECOVERY);
                assertThat(actual).isEqualTo(UserEventModel.expectedRows(allEvents));
            }
            System.out.printf("database outage: %d deliveries in the stream, %d refused with 503 (%d while the server"
                            + " was down, slowest %d ms), %d redelivered until accepted, slowest answer %d ms,"
                            + " %d rows equal to the model, events lost: 0%n",
                    stream.size(), refused.size(), whileDown.size(), WebhookSender.maxLatency(whileDown).toMillis(),
                    redelivered.size(), WebhookSender.maxLatency(stream).toMillis(), STREAM_USERS + USERS_AFTER_RECOVERY);
            assertThat(Duration.ofNanos(System.nanoTime() - streamStarted)).isLessThan(Duration.ofSeconds(60));
        }
        LogSecrets.assertNoSecretsOrPayloadsIn(output.getAll(), personalValues);
    }

    private static Map<String, String> settings(PrivatePostgresCluster cluster, SessionTokens sessions) {
        // The cluster trusts loopback connections, so the password is never checked: it is here to be looked for in the log.
        var settings = RunningService.settings(cluster.postgresqlUrl()
                .replace("postgres@", "postgres:" + DATABASE_PASSWORD + "@"));
        settings.put("PUBLIC_CLERK_PUBLISHABLE_KEY", SignInEndToEndTest.PUBLISHABLE_KEY.value());
        settings.put("CLERK_JWT_KEY", sessions.publicKeyPem().replace("\n", "\\n"));
        settings.put("CLERK_SECRET_KEY", ClerkBackendApiStandIn.SECRET_KEY);
        // Nothing listens there: a just-in-time lookup fails fast instead of looking for api.clerk.com.
        settings.put("CLERK_API_URL", "http://127.0.0.1:9");
        return settings;
    }

    /** Sign-ups of distinct users, each followed (about 50 deliveries later) by an update for the first 150. */
    private static List<UserEvent> streamEvents() {
        var signUps = IntStream.range(0, STREAM_USERS).mapToObj(i -> signUp(newUserId(), i)).toList();
        var events = new ArrayList<UserEvent>();
        for (int i = 0; i < STREAM_USERS; i++) {
            events.add(signUps.get(i));
            int updated = i - 50;
            if (updated >= 0 && updated < UPDATED_USERS) {
                var user = signUps.get(updated);
                events.add(UserEvent.snapshot(Kind.UPDATED, user.userId(), user.updatedAt().plusSeconds(86_400),
                        "renamed." + user.userId().substring(5) + "@example.com", "Ottoline" + updated, "Renamed"));
            }
        }
        return events;
    }

    private static UserEvent signUp(String userId, int n) {
        return UserEvent.snapshot(Kind.CREATED, userId, T0.plusSeconds(n),
                "outage." + userId.substring(5) + "@example.com", "Philippa" + n, "Outagewell");
    }

    private static int currentUser(RunningService service, String token) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/me"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(15)).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** When the server went away and came back, as seen from the test. */
    private static final class Outage {
        volatile long stopped = Long.MAX_VALUE;
        volatile long restarting = Long.MIN_VALUE;
        volatile boolean readinessDown;
        volatile boolean readinessUp;
        volatile int currentUserDuringOutage;
    }

    /** The management port's readiness probe, as a load balancer polls it. */
    private record Readiness(RunningService service) {

        int status() {
            try {
                var port = service.managementPort();
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(10)).build();
                return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                return 0;
            }
        }

        boolean awaitStatus(int expected, Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                if (status() == expected) {
                    return true;
                }
                WebhookSender.sleep(Duration.ofMillis(100));
            }
            return false;
        }
    }

    private static String body(String userId) {
        return ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(userId)
                .primaryEmail("outage+" + UUID.randomUUID() + "@example.com").toJson();
    }

    /** Redelivers until the service answers 2xx again, as Svix's retry schedule would (bounded). */
    private static String awaitOk(RunningService service, String msgId, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            var result = deliver(service.client(), msgId, body).returnResult(java.util.Map.class);
            if (result.getStatus().is2xxSuccessful()) {
                return String.valueOf(result.getResponseBody().blockFirst().get("outcome"));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not recover within 20 s; last status " + result.getStatus());
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

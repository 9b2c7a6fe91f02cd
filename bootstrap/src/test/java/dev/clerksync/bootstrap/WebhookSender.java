package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends signed deliveries like Svix does, without blocking and with as many in flight as asked,
 * and records how each was answered and how long it took. A delivery that gets no answer within
 * {@link #SVIX_TIMEOUT} is recorded as status 0, as Svix would count it failed.
 */
final class WebhookSender implements AutoCloseable {

    /** Svix counts a delivery failed when it is not answered within 15 s. */
    static final Duration SVIX_TIMEOUT = Duration.ofSeconds(15);

    private static final SvixTestSigner SIGNER = RunningServiceExtension.SIGNER;
    private static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"([A-Z_]+)\"");

    /** One Svix message: its id stays the same on every redelivery. */
    record Delivery(String msgId, String body) {
        static Delivery of(String body) {
            return new Delivery(SvixTestSigner.newMessageId(), body);
        }

        /** The id only: failure messages stay readable. */
        @Override
        public String toString() {
            return "Delivery[" + msgId + "]";
        }
    }

    /** How one attempt was answered; {@code status} 0 when it was not answered in time or the connection failed. */
    record Answer(Delivery delivery, int status, Optional<String> retryAfter, Optional<String> outcome,
            long startedNanos, long endedNanos) {

        Duration latency() {
            return Duration.ofNanos(endedNanos - startedNanos);
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final ConnectionProvider connections;
    private final HttpClient client;

    WebhookSender(int port, int maxConnections) {
        this.connections = ConnectionProvider.builder("webhook-sender")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .build();
        this.client = HttpClient.create(connections)
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(SVIX_TIMEOUT);
    }

    /** One attempt, signed now (as Svix signs every attempt anew). */
    Mono<Answer> send(Delivery delivery) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            var headers = SIGNER.headers(delivery.msgId(), delivery.body());
            return client.headers(h -> h.set("content-type", "application/json")
                            .set("svix-id", headers.id())
                            .set("svix-timestamp", headers.timestamp())
                            .set("svix-signature", headers.signature()))
                    .post()
                    .uri("/api/webhooks/clerk")
                    .send(Mono.just(Unpooled.wrappedBuffer(delivery.body().getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text ->
                            new Answer(delivery, response.status().code(),
                                    Optional.ofNullable(response.responseHeaders().get("Retry-After")),
                                    outcome(text), started, System.nanoTime())))
                    .onErrorResume(failure -> Mono.just(
                            new Answer(delivery, 0, Optional.empty(), Optional.of("NO ANSWER: " + failure),
                                    started, System.nanoTime())));
        });
    }

    /** Sends each delivery once, {@code concurrency} at a time; answers in the order they came. */
    List<Answer> sendAll(List<Delivery> deliveries, int concurrency) {
        return Flux.fromIterable(deliveries).flatMap(this::send, concurrency).collectList().block();
    }

    /**
     * Redelivers every delivery (same svix-id, signed anew) until each is answered 2xx, as Svix's
     * retry schedule would, with a short pause between rounds; gives up after {@code within}.
     * Returns the accepting answers.
     */
    List<Answer> redeliverUntilAccepted(List<Delivery> deliveries, int concurrency, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        var pending = new ArrayList<>(deliveries);
        var accepted = new ArrayList<Answer>();
        while (!pending.isEmpty()) {
            var answers = sendAll(pending, concurrency);
            pending.clear();
            for (var answer : answers) {
                if (answer.accepted()) {
                    accepted.add(answer);
                } else {
                    pending.add(answer.delivery());
                }
            }
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(pending.size() + " deliveries still not accepted after " + within
                            + "; for example: " + answers.stream().filter(a -> !a.accepted()).findFirst().orElseThrow());
                }
                sleep(Duration.ofMillis(250));
            }
        }
        return accepted;
    }

    static Duration maxLatency(List<Answer> answers) {
        return answers.stream().map(Answer::latency).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    private static Optional<String> outcome(String body) {
        var matcher = OUTCOME.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        connections.dispose();
    }
}

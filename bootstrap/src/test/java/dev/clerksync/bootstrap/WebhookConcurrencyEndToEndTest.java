package dev.clerksync.bootstrap;

import static dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.SvixTestSigner;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Many deliveries at once, with the service's default settings, over real HTTP connections. */
class WebhookConcurrencyEndToEndTest {

    private static final SvixTestSigner SIGNER = RunningServiceExtension.SIGNER;
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @RegisterExtension
    static final RunningServiceExtension RUNNING = new RunningServiceExtension();

    /** Plain WebClient with enough connections for every delivery to be in flight at once. */
    private static WebClient client() {
        var connections = ConnectionProvider.builder("load").maxConnections(250).pendingAcquireMaxCount(-1).build();
        return WebClient.builder().baseUrl("http://127.0.0.1:" + RUNNING.service().port())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .build();
    }

    private record Delivery(String body, int status, String outcome) {
    }

    private static List<Delivery> deliverAllAtOnce(List<String> bodies) {
        var client = client();
        return Flux.fromIterable(bodies)
                .flatMap(body -> {
                    var headers = SIGNER.headers(body);
                    return client.post().uri("/api/webhooks/clerk")
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("svix-id", headers.id())
                            .header("svix-timestamp", headers.timestamp())
                            .header("svix-signature", headers.signature())
                            .bodyValue(body)
                            .exchangeToMono(response -> response.bodyToMono(Map.class)
                                    .defaultIfEmpty(Map.of())
                                    .map(json -> new Delivery(body, response.statusCode().value(),
                                            String.valueOf(json.get("outcome")))));
                }, bodies.size())
                .collectList()
                .block();
    }

    private static String email(String local) {
        return local + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void twoHundredConcurrentSignUpsAllSucceedWithDefaultSettings() {
        var users = IntStream.range(0, 200).mapToObj(i -> newUserId()).toList();
        var bodies = users.stream().map(id -> ClerkFixtures.event(ClerkFixtures.USER_CREATED)
                .userId(id).primaryEmail(email("signup")).updatedAt(T0).toJson()).toList();

        var results = deliverAllAtOnce(bodies);

        assertThat(results).extracting(Delivery::status).containsOnly(200);
        assertThat(results).extracting(Delivery::outcome).containsOnly("CREATED");
        var loads = RUNNING.service().bean(LoadUserPort.class);
        assertThat(users).allSatisfy(id -> assertThat(loads.load(new ClerkUserId(id)).blockOptional()).isPresent());
    }

    @Test
    void concurrentOutOfOrderUpdatesOfOneUserConvergeOnTheNewest() {
        var id = newUserId();
        var emails = IntStream.range(0, 100).mapToObj(i -> email("v" + i)).toList();
        var bodies = new ArrayList<String>();
        for (int i = 0; i < emails.size(); i++) {
            bodies.add(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).userId(id).primaryEmail(emails.get(i))
                    .updatedAt(T0.plusSeconds(i)).toJson());
        }
        Collections.shuffle(bodies, new Random(42));

        var results = deliverAllAtOnce(bodies);

        assertThat(results).extracting(Delivery::status).containsOnly(200);
        assertThat(results).extracting(Delivery::outcome).containsOnly("CREATED", "UPDATED", "STALE");
        assertThat(results).filteredOn(r -> r.outcome().equals("CREATED")).hasSize(1);
        var row = RUNNING.row(id).orElseThrow();
        assertThat(row.email()).contains(new EmailAddress(emails.getLast()));
        assertThat(row.updatedAt()).contains(T0.plusSeconds(emails.size() - 1));
    }

    @Test
    void concurrentAddressMovesBetweenUsersNeverFailAndLeaveEachAddressWithOneUser() {
        var users = IntStream.range(0, 6).mapToObj(i -> newUserId()).toList();
        var addresses = IntStream.range(0, 3).mapToObj(i -> email("shared" + i)).toList();
        var random = new Random(7);
        var bodies = new ArrayList<String>();
        var latest = new java.util.HashMap<String, Integer>();
        var latestEmail = new java.util.HashMap<String, String>();
        for (int i = 0; i < 150; i++) {
            var user = users.get(random.nextInt(users.size()));
            var address = addresses.get(random.nextInt(addresses.size()));
            bodies.add(ClerkFixtures.event(ClerkFixtures.USER_UPDATED).userId(user).primaryEmail(address)
                    .updatedAt(T0.plusSeconds(i)).toJson());
            latest.put(user, i);
            latestEmail.put(user, address);
        }

        var results = deliverAllAtOnce(bodies);

        assertThat(results).extracting(Delivery::status).containsOnly(200);
        var loads = RUNNING.service().bean(LoadUserPort.class);
        var sent = latest.keySet();
        var holders = sent.stream()
                .map(id -> loads.load(new ClerkUserId(id)).block())
                .filter(row -> row.email().isPresent())
                .collect(Collectors.groupingBy(row -> row.email().get(), Collectors.counting()));
        assertThat(holders.values()).containsOnly(1L);
        assertThat(sent).allSatisfy(id -> {
            var row = loads.load(new ClerkUserId(id)).block();
            // Each user ends at its newest event; its address is that event's, or none when another
            // user's newer information claims it (the next event of this user restores the truth).
            assertThat(row.updatedAt()).contains(T0.plusSeconds(latest.get(id)));
            row.email().ifPresent(address -> assertThat(address.value()).isEqualTo(latestEmail.get(id)));
        });
    }

}

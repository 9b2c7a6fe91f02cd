package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clerksync.adapter.clerk.ClerkWebhookEventParserAdapter;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations;
import dev.clerksync.adapter.clerk.testing.ClerkPayloadMutations.FuzzBody;
import dev.clerksync.adapter.clerk.testing.PropertyRuns;
import dev.clerksync.adapter.clerk.testing.SvixHeaderDamage;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.UnusableWebhookEventException;
import dev.clerksync.domain.model.WebhookEvent;
import dev.clerksync.domain.port.out.LoadUserPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hostile deliveries against the running service over HTTP: mutated Clerk bodies (see
 * {@link ClerkPayloadMutations}) with damaged or correct Svix headers, odd content types,
 * repeated headers and oversized bodies. Never a 5xx, never a stored row or recorded delivery
 * without a valid signature, and a correctly signed body is stored exactly when the Clerk parser
 * makes a user event of it.
 */
class WebhookFuzzEndToEndTest {

    /** Default 400 cases; more with -Dclerksync.fuzz.tries=5000 (the parser fuzz runs ten times as many). */
    static final PropertyRuns RUNS = PropertyRuns.of("fuzz", 400, 20261126L, 200);

    private static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final ClerkWebhookEventParserAdapter PARSER = new ClerkWebhookEventParserAdapter();

    @RegisterExtension
    static final RunningServiceExtension RUNNING = new RunningServiceExtension(Map.of(
            // Thousands of refused deliveries: their one warning line each would bury the build's output.
            "logging.level.dev.clerksync.webhook", "ERROR",
            "logging.level.reactor.netty.http.client", "ERROR"));

    /** What the HTTP request does besides the Svix headers. */
    enum Transport {
        PLAIN, TEXT_CONTENT_TYPE, NO_CONTENT_TYPE, FORM_CONTENT_TYPE, HEADERS_REPEATED_GARBAGE_FIRST,
        HEADER_NAMES_UPPER_CASE, OVERSIZED_BODY, INVALID_UTF8_BYTES
    }

    record FuzzCase(FuzzBody body, SvixHeaderDamage damage, Transport transport) {
        boolean signed() {
            return damage.keepsAValidSignature() && transport != Transport.HEADERS_REPEATED_GARBAGE_FIRST
                    && transport != Transport.INVALID_UTF8_BYTES;
        }
    }

    record Answer(int status, String outcome) {
    }

    private record Counts(long users, long deliveries) {
    }

    @Test
    void hostileDeliveriesNeverGetA5xxAndOnlyCorrectlySignedUserEventsAreStored() {
        var cases = new AtomicInteger();
        var signedCases = new AtomicInteger();
        var stored = new AtomicInteger();
        var unusable = new AtomicInteger();
        var forgedRefused = new AtomicInteger();
        var client = WebClient.builder().baseUrl("http://127.0.0.1:" + RUNNING.service().port())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        var dsl = RUNNING.service().bean(DSLContext.class);
        var users = RUNNING.service().bean(LoadUserPort.class);

        RUNS.theory().forAll(fuzzCases()).checkAssert(fuzz -> {
            cases.incrementAndGet();
            Counts before = counts(dsl);
            Answer answer = send(client, fuzz);
            Counts after = counts(dsl);

            assertThat(answer.status()).as("status for " + fuzz).isLessThan(500).isGreaterThanOrEqualTo(200);
            if (fuzz.transport() == Transport.OVERSIZED_BODY) {
                assertThat(answer.status()).as(fuzz.toString()).isEqualTo(413);
                assertThat(after).as("nothing stored for " + fuzz).isEqualTo(before);
                return;
            }
            if (!fuzz.signed()) {
                assertThat(answer.status()).as(fuzz.toString()).isIn(400, 415);
                assertThat(after).as("nothing stored for " + fuzz).isEqualTo(before);
                forgedRefused.incrementAndGet();
                return;
            }
            signedCases.incrementAndGet();
            WebhookEvent event;
            try {
                event = PARSER.parse(fuzz.body().body());
            } catch (UnusableWebhookEventException unusableEvent) {
                assertThat(answer.status()).as(fuzz.toString()).isEqualTo(422);
                assertThat(after).as("nothing stored for " + fuzz).isEqualTo(before);
                unusable.incrementAndGet();
                return;
            }
            assertThat(answer.status()).as(fuzz.toString()).isEqualTo(200);
            if (event instanceof WebhookEvent.UserChanged changed) {
                assertThat(after.deliveries()).as("delivery recorded for " + fuzz).isEqualTo(before.deliveries() + 1);
                assertThat(users.load(new ClerkUserId(changed.change().userId().value())).blockOptional())
                        .as("row of " + fuzz).isPresent();
                stored.incrementAndGet();
            } else {
                assertThat(answer.outcome()).isEqualTo("IGNORED");
                assertThat(after).as("nothing stored for " + fuzz).isEqualTo(before);
            }
        });

        assertThat(cases.get()).isGreaterThanOrEqualTo(RUNS.atLeastDistinct());
        assertThat(forgedRefused.get()).as("forged deliveries refused").isGreaterThan(cases.get() / 5);
        assertThat(signedCases.get()).as("correctly signed deliveries").isGreaterThan(cases.get() / 5);
        assertThat(stored.get()).as("signed user events stored").isGreaterThan(cases.get() / 50);
        assertThat(unusable.get()).as("signed bodies refused as unusable").isGreaterThan(cases.get() / 20);
        System.out.printf("endpoint fuzz: %d cases, %d forged refused, %d signed (%d stored, %d unusable) (%s)%n",
                cases.get(), forgedRefused.get(), signedCases.get(), stored.get(), unusable.get(), RUNS);
    }

    // Regressions: cases the fuzzing found, kept as plain examples.

    @Test
    void aSignedUserEventWhosePrimaryAddressIsTooLongToIndexIsRefusedAsUnusableNotAServerError() {
        // Found by this fuzz: a 3,019-character address made PostgreSQL's unique index fail (54000) → 500.
        String id = dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId();
        String body = dev.clerksync.adapter.clerk.testing.ClerkFixtures.event(
                        dev.clerksync.adapter.clerk.testing.ClerkFixtures.USER_CREATED)
                .userId(id).primaryEmail(incompressible(3_000) + "@example.com").toJson();

        RUNNING.deliver(body).expectStatus().isEqualTo(422);

        assertThat(RUNNING.row(id)).isEmpty();
    }

    @Test
    void aSignedUserEventDatedOutsidePostgresqlsTimestampRangeIsRefusedAsUnusableNotAServerError() {
        for (long updatedAt : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 9_300_000_000_000_000L}) {
            String id = dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId();
            String body = dev.clerksync.adapter.clerk.testing.ClerkFixtures.event(
                            dev.clerksync.adapter.clerk.testing.ClerkFixtures.USER_UPDATED)
                    .userId(id).set("/data/updated_at", updatedAt).toJson();

            RUNNING.deliver(body).expectStatus().isEqualTo(422);

            assertThat(RUNNING.row(id)).as("updated_at " + updatedAt).isEmpty();
        }
    }

    @Test
    void aSignedDeletionDatedOutsidePostgresqlsTimestampRangeStillErasesTheUser() {
        String id = dev.clerksync.bootstrap.WebhookEndToEndTest.newUserId();
        String body = dev.clerksync.adapter.clerk.testing.ClerkFixtures.event(
                        dev.clerksync.adapter.clerk.testing.ClerkFixtures.USER_DELETED)
                .userId(id).set("/timestamp", Long.MAX_VALUE).toJson();

        RUNNING.deliver(body).expectStatus().isOk();

        assertThat(RUNNING.row(id)).hasValueSatisfying(row -> assertThat(row.isDeleted()).isTrue());
    }

    /** Text PostgreSQL cannot compress below its index entry limit, as repeated letters would be. */
    private static String incompressible(int length) {
        var random = new java.util.Random(length);
        var text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static Gen<FuzzCase> fuzzCases() {
        Gen<Transport> transport = in -> {
            // Mostly plain requests, so that most cases test the body and the signature.
            int pick = (int) in.next(Constraint.between(0, 2 * Transport.values().length));
            return pick < Transport.values().length ? Transport.values()[pick] : Transport.PLAIN;
        };
        Gen<SvixHeaderDamage> damage = in -> in.next(Constraint.between(0, 1)) == 0
                ? SvixHeaderDamage.NONE
                : SvixHeaderDamage.all().generate(in);
        return ClerkPayloadMutations.bodies().zip(damage, transport, FuzzCase::new);
    }

    private static Answer send(WebClient client, FuzzCase fuzz) {
        String body = fuzz.body().body();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (fuzz.transport() == Transport.OVERSIZED_BODY) {
            body = body + " ".repeat((int) MAX_BODY_BYTES);
            bytes = body.getBytes(StandardCharsets.UTF_8);
        } else if (fuzz.transport() == Transport.INVALID_UTF8_BYTES) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length + 2);
            bytes[bytes.length - 2] = (byte) 0xC3;
            bytes[bytes.length - 1] = (byte) 0x28;
        }
        Map<String, String> svix = fuzz.damage().apply(RunningServiceExtension.SIGNER, body);
        byte[] sent = bytes;
        return client.post().uri("/api/webhooks/clerk")
                .headers(headers -> {
                    switch (fuzz.transport()) {
                        case TEXT_CONTENT_TYPE -> headers.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=ISO-8859-1");
                        case FORM_CONTENT_TYPE -> headers.set(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded");
                        case NO_CONTENT_TYPE -> { }
                        default -> headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
                    }
                    svix.forEach((name, value) -> {
                        // HTTP cannot carry NUL, line breaks or surrounding white space in a header value
                        // (the parser-level fuzz covers those): send what an attacker could.
                        String sendable = value.replace("\u0000", "\\0").replace("\r", "").replace("\n", "").strip();
                        String sentName = fuzz.transport() == Transport.HEADER_NAMES_UPPER_CASE ? name.toUpperCase() : name;
                        if (fuzz.transport() == Transport.HEADERS_REPEATED_GARBAGE_FIRST) {
                            headers.put(sentName, List.of("v1,garbage" + sendable.length(), sendable));
                        } else {
                            headers.add(sentName, sendable);
                        }
                    });
                })
                .bodyValue(sent)
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .defaultIfEmpty(Map.of())
                        .onErrorResume(notJson -> Mono.just(Map.of()))
                        .map(json -> new Answer(response.statusCode().value(), String.valueOf(json.get("outcome")))))
                .block(Duration.ofSeconds(20));
    }

    private static Counts counts(DSLContext dsl) {
        return Flux.from(dsl.resultQuery(
                        "select (select count(*) from users) as users, (select count(*) from processed_webhook_deliveries) as deliveries"))
                .map(row -> new Counts(row.get("users", Long.class), row.get("deliveries", Long.class)))
                .single()
                .block();
    }
}

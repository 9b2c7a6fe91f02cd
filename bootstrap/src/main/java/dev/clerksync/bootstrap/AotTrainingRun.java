package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEvent;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEventSigner;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEventType;
import dev.clerksync.domain.port.out.LoadUserPort;
import dev.clerksync.domain.port.out.ParseWebhookEventPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The launcher's training run for the JDK's AOT cache ({@code bin/clerksync}, JDK 25+), switched on
 * by the system property {@value #SETTING}: once the service is up, it makes the requests a first
 * delivery and a first visitor make, none of which writes anything, then stops the service; the JDK
 * writes the cache as the process exits. The cache then holds, loaded and linked, the classes those
 * requests need (the HTTP server's request path, the routes and handlers, Svix, the JSON mapping of
 * Clerk's user object, the driver's statement path, problem details, metrics), which a start from it
 * would otherwise load from the jar while serving its first webhook.
 *
 * <p>What it does, against the service's own database and settings: posts a correctly signed event
 * of a type the service does not store ({@code session.created}; without a signing secret it is
 * answered 503) and the same body with a wrong signature (400); asks {@code GET /api/me} with a
 * token shaped like Clerk's but signed by no one (401: parsed, its signature checked with the
 * configured key) and the sign-in page (200); and, in this process, parses a Clerk
 * {@code user.created} event and reads a user id no one has (posted, that event would be stored).
 * Any failure is logged and the run stops all the same: the cache then holds what was loaded.
 *
 * <p>Measured (README "Performance"): the first served webhook's own time 183-264 ms -> 37-80 ms,
 * start to the first served webhook 0.3 s shorter. One request of each kind, not thousands: the
 * classes cost no memory the service would not spend anyway; thousands of requests' method profiles
 * did (peak RSS +18 MB when tried).
 */
final class AotTrainingRun implements ApplicationListener<ApplicationReadyEvent> {

    /** System property the launcher sets on its training run. */
    static final String SETTING = "clerksync.aot-training";

    private static final Logger LOG = LoggerFactory.getLogger(AotTrainingRun.class);

    /** Bound on the whole run: a training run must end, whatever it waits for. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static boolean isRequested() {
        return Boolean.getBoolean(SETTING);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        var context = event.getApplicationContext();
        requests(context)
                .timeout(TIMEOUT)
                .doOnError(failure -> LOG.warn("AOT training requests did not all complete ({}); "
                        + "the cache holds what they loaded", failure.toString()))
                .onErrorComplete()
                // Exiting closes the context, which waits for the web server: not from one of its threads.
                .doFinally(signal -> Thread.ofPlatform().name("aot-training-exit")
                        .start(() -> System.exit(SpringApplication.exit(context))))
                .subscribe();
    }

    private static Mono<Void> requests(ConfigurableApplicationContext context) {
        var environment = context.getEnvironment();
        var base = URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
        var http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        var now = Instant.now();
        var user = ClerkTestEvent.of(ClerkTestEventType.USER_CREATED, ClerkTestEvent.newUserId(), Optional.empty(), now);
        var ignored = sessionCreated(now);
        var signed = Optional.ofNullable(environment.getProperty(SvixWebhookVerificationAdapter.SIGNING_SECRET_SETTING))
                .filter(secret -> !secret.isBlank())
                .flatMap(secret -> {
                    try {
                        return Optional.of(new ClerkTestEventSigner(secret).headers(ignored, now));
                    } catch (RuntimeException invalid) {
                        return Optional.empty();
                    }
                })
                .orElse(Map.of());
        var forged = Map.of("svix-id", "msg_aot_training", "svix-timestamp", Long.toString(now.getEpochSecond()),
                "svix-signature", "v1,bm90IGEgc2lnbmF0dXJlIG9mIHRoaXMgYm9keSwgb3IgYW55IG90aGVy");
        return Flux.concat(
                send(http, post(base, ignored, signed)),
                send(http, post(base, ignored, forged)),
                send(http, HttpRequest.newBuilder(base.resolve("/api/me"))
                        .header("Authorization", "Bearer " + badlySignedSessionToken(now)).timeout(REQUEST_TIMEOUT).GET().build()),
                send(http, HttpRequest.newBuilder(base.resolve("/")).timeout(REQUEST_TIMEOUT).GET().build()),
                Mono.fromRunnable(() -> context.getBean(ParseWebhookEventPort.class).parse(user.body())),
                context.getBean(LoadUserPort.class).load(user.userId()).then())
                .then();
    }

    private static HttpRequest post(URI base, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(base.resolve("/api/webhooks/clerk"))
                .header("Content-Type", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    private static Mono<Void> send(HttpClient http, HttpRequest request) {
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .doOnNext(response -> LOG.debug("AOT training: {} {} -> {}", request.method(), request.uri().getPath(),
                        response.statusCode()))
                .then();
    }

    /**
     * A session token shaped like Clerk's (RS256, its claims) whose signature is random bytes: it is
     * parsed and its signature checked, and refused (401). It names no key ({@code kid}), so no key
     * is downloaded for it.
     */
    private static String badlySignedSessionToken(Instant now) {
        var base64 = Base64.getUrlEncoder().withoutPadding();
        var header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        var claims = """
                {"exp":%d,"iat":%d,"nbf":%d,"iss":"https://clerk.aot-training.invalid","sid":"sess_aot_training",\
                "sub":"%s"}""".formatted(now.getEpochSecond() + 60, now.getEpochSecond(), now.getEpochSecond(),
                ClerkTestEvent.newUserId().value());
        var signature = new byte[256];
        new SecureRandom().nextBytes(signature);
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(signature);
    }

    /** Clerk's {@code session.created}, an event type this service receives and does not store. */
    private static String sessionCreated(Instant now) {
        var userId = ClerkTestEvent.newUserId().value();
        return """
                {"data":{"abandon_at":%d,"client_id":"client_aot_training","created_at":%d,"expire_at":%d,\
                "id":"sess_aot_training","last_active_at":%d,"object":"session","status":"active","updated_at":%d,\
                "user_id":"%s"},"instance_id":"ins_aot_training","object":"event","timestamp":%d,"type":"session.created"}"""
                .formatted(now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(),
                        now.toEpochMilli(), userId, now.toEpochMilli());
    }
}

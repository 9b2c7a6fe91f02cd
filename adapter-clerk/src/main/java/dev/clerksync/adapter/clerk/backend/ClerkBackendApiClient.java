package dev.clerksync.adapter.clerk.backend;

import dev.clerksync.adapter.clerk.ClerkBackendApiAccess;
import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET requests to Clerk's Backend API with the secret key, non-blocking ({@link HttpClient#sendAsync}
 * bridged to Reactor), paced by a {@link BackendApiRequestPacer}, bounded in time, and retried:
 * <ul>
 *   <li>network failures, timeouts, 408 and 5xx: up to {@code maxAttempts} attempts with
 *       exponential backoff and jitter, then {@link IdentityProviderUnavailableException};</li>
 *   <li>429: every request of this client pauses for the answer's {@code Retry-After} (1 s when it
 *       has none), then the request is sent again, up to {@code maxThrottledAttempts} attempts;</li>
 *   <li>401 and 403: {@link IdentityProviderCredentialsException} at once (retrying cannot help);</li>
 *   <li>any other non-2xx answer: {@link IdentityProviderUnavailableException} at once, naming the
 *       status and Clerk's error codes.</li>
 * </ul>
 * Messages name the request ({@code GET /v1/users/{id}}, never the id) and never the secret key.
 */
final class ClerkBackendApiClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClerkBackendApiClient.class.getName());

    /** The Backend API version Clerk's own SDK (@clerk/backend 3.16) pins; answers keep this shape. */
    static final String API_VERSION = ClerkBackendApiAccess.API_VERSION;

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClerkBackendApiSettings settings;
    private final HttpClient http;
    private final BackendApiRequestPacer pacer;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    ClerkBackendApiClient(ClerkBackendApiSettings settings, BackendApiRequestPacer pacer) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.pacer = Objects.requireNonNull(pacer, "pacer must not be null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    ClerkBackendApiClient(ClerkBackendApiSettings settings) {
        this(settings, new BackendApiRequestPacer(settings.requestsPerWindow(), settings.window(),
                Schedulers.parallel(), System::nanoTime));
    }

    /** A 2xx answer, or a 404 when {@code notFoundIsAnAnswer}. */
    record Answer(int status, byte[] body) {

        JsonNode json(String request) {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new IdentityProviderUnavailableException(
                        "Clerk's answer to " + request + " is not JSON (status " + status + ")", null);
            }
        }
    }

    /**
     * @param pathAndQuery the request below the API URL, e.g. {@code /v1/users?limit=500}, already encoded
     * @param request      how messages name it, e.g. {@code GET /v1/users}
     */
    Mono<Answer> get(String pathAndQuery, String request, boolean notFoundIsAnAnswer) {
        if (settings.secretKey().isEmpty()) {
            return Mono.error(new IdentityProviderCredentialsException(ClerkBackendApiSettings.SECRET_KEY_SETTING
                    + " is not set; Clerk's Backend API cannot be used without it"));
        }
        var httpRequest = HttpRequest.newBuilder(URI.create(settings.apiUrl() + pathAndQuery))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.secretKey().get())
                .header("Accept", "application/json")
                .header("Clerk-API-Version", API_VERSION)
                .header("User-Agent", "clerksync")
                .GET()
                .build();
        Mono<Answer> attempt = pacer.awaitTurn()
                .then(Mono.fromFuture(() -> {
                            requests.incrementAndGet();
                            return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
                        })
                        // HttpRequest.timeout ends at the response headers; this also bounds reading the
                        // body. It starts once the pacer lets the request go: waiting for a turn is not slowness.
                        .timeout(settings.requestTimeout().multipliedBy(2)))
                .onErrorMap(ClerkBackendApiClient::isTransportFailure, failure -> new TransientFailure(describe(failure), failure))
                .flatMap(response -> answer(response, request, notFoundIsAnAnswer));
        return attempt
                .retryWhen(Retry.backoff(settings.maxAttempts() - 1, settings.firstRetryDelay())
                        .maxBackoff(settings.maxRetryDelay())
                        .jitter(0.5)
                        .filter(TransientFailure.class::isInstance)
                        .doBeforeRetry(signal -> {
                            retried.incrementAndGet();
                            LOG.log(Level.WARNING, "Clerk Backend API: {0} failed ({1}); attempt {2} of {3} follows",
                                    request, signal.failure().getMessage(), signal.totalRetries() + 2, settings.maxAttempts());
                        })
                        .onRetryExhaustedThrow((spec, signal) -> new IdentityProviderUnavailableException(
                                "Clerk's Backend API at " + settings.apiUrl() + " could not be used: " + request
                                        + " failed " + (signal.totalRetries() + 1) + " times (last: "
                                        + signal.failure().getMessage() + ")", signal.failure())))
                .retryWhen(Retry.max(settings.maxThrottledAttempts() - 1)
                        .filter(Throttled.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> new IdentityProviderUnavailableException(
                                "Clerk's Backend API kept throttling: " + request + " was answered 429 "
                                        + (signal.totalRetries() + 1) + " times", signal.failure())));
    }

    BackendApiStatistics statistics() {
        return new BackendApiStatistics(requests.get(), throttled.get(), retried.get());
    }

    /** Stops the HTTP client without waiting for exchanges in flight (they fail). */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private Mono<Answer> answer(HttpResponse<byte[]> response, String request, boolean notFoundIsAnAnswer) {
        int status = response.statusCode();
        if ((status >= 200 && status < 300) || (status == 404 && notFoundIsAnAnswer)) {
            return Mono.just(new Answer(status, response.body()));
        }
        if (status == 401 || status == 403) {
            return Mono.error(new IdentityProviderCredentialsException(
                    ClerkBackendApiSettings.SECRET_KEY_SETTING + " was refused by Clerk (" + status + ")"));
        }
        if (status == 429) {
            var wait = retryAfter(response).orElse(DEFAULT_RETRY_AFTER);
            throttled.incrementAndGet();
            if (wait.compareTo(settings.longestRetryAfter()) > 0) {
                return Mono.error(new IdentityProviderUnavailableException("Clerk's Backend API throttled " + request
                        + " and asked to wait " + wait.toSeconds() + " s, longer than " + settings.longestRetryAfter().toSeconds()
                        + " s", null));
            }
            pacer.pauseFor(wait);
            LOG.log(Level.WARNING, "Clerk Backend API: {0} was answered 429; every request waits {1} ms (Retry-After)",
                    request, wait.toMillis());
            return Mono.error(new Throttled(request));
        }
        if (status == 408 || status >= 500) {
            return Mono.error(new TransientFailure("status " + status + errorCodes(response.body()), null));
        }
        return Mono.error(new IdentityProviderUnavailableException(
                "Clerk's Backend API answered " + request + " with status " + status + errorCodes(response.body()), null));
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 §10.2.3); absent when neither. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 10) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                var until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                var wait = Duration.between(ZonedDateTime.now(until.getZone()), until);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** Clerk's error codes from an error body ({@code {"errors":[{"code":...}]}}), never its messages. */
    private static String errorCodes(byte[] body) {
        List<String> codes = new ArrayList<>();
        try {
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                JsonNode code = error.path("code");
                if (code.isString() && code.stringValue().matches("[a-z0-9_]{1,64}")) {
                    codes.add(code.stringValue());
                }
            }
        } catch (JacksonException notJson) {
            // no codes to report
        }
        return codes.isEmpty() ? "" : " [" + String.join(", ", codes) + "]";
    }

    private static boolean isTransportFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The outermost network or timeout failure, e.g. {@code ConnectException (ClosedChannelException)}. */
    private static String describe(Throwable failure) {
        Throwable transport = failure;
        while (!(transport instanceof IOException || transport instanceof TimeoutException) && transport.getCause() != null) {
            transport = transport.getCause();
        }
        String text = transport.getClass().getSimpleName();
        if (transport.getMessage() != null) {
            return text + ": " + transport.getMessage();
        }
        return transport.getCause() == null ? text : text + " (" + transport.getCause().getClass().getSimpleName() + ")";
    }

    /** Worth another attempt after a backoff. */
    private static final class TransientFailure extends RuntimeException {
        TransientFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Answered 429: the pacer holds every request back for the {@code Retry-After}. */
    private static final class Throttled extends RuntimeException {
        Throttled(String request) {
            super(request + " was answered 429", null, false, false);
        }
    }
}

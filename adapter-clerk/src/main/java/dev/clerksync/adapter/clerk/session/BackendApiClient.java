package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.ClerkBackendApiAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET} requests to Clerk's Backend API as Clerk's SDKs send them: {@code Authorization: Bearer
 * <CLERK_SECRET_KEY>}, {@code Clerk-API-Version}, JSON accepted.
 *
 * <p>Nothing here blocks the caller: the request is started on Reactor's bounded-elastic scheduler
 * (so even the JDK client's connection set-up and name lookup stay off an event loop) and runs with
 * {@link HttpClient#sendAsync}. Both the connection and the whole exchange have time limits, and the
 * body has a size limit, so a slow or broken endpoint costs a bounded wait.
 */
final class BackendApiClient implements AutoCloseable {

    /** The Backend API version Clerk's SDKs currently send ({@code SUPPORTED_BAPI_VERSION}). */
    static final String CLERK_API_VERSION = ClerkBackendApiAccess.API_VERSION;

    private static final Executor OFF_THE_CALLER = task -> Schedulers.boundedElastic().schedule(task);

    private final HttpClient client;
    private final URI apiUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final Duration overallTimeout;

    /**
     * @param apiUrl {@code CLERK_API_URL} without a trailing slash (as {@link ClerkSessionSettings} keeps it)
     */
    BackendApiClient(URI apiUrl, String secretKey, Duration connectTimeout, Duration requestTimeout) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl must not be null");
        this.authorization = "Bearer " + Objects.requireNonNull(secretKey, "secretKey must not be null");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // A redirect would be a misconfigured CLERK_API_URL; never follow it with the secret.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        // HttpRequest.timeout stops waiting for the response headers; this bounds the body too.
        this.overallTimeout = connectTimeout.plus(requestTimeout);
    }

    /**
     * Starts {@code GET {CLERK_API_URL}{path}[?{rawQuery}]} without blocking the caller. Completes with
     * the answer whatever its status, or exceptionally with a {@link BackendApiUnreachableException}
     * when there is none in time (no connection, dropped connection, timeout, a body over
     * {@code maximumBodyBytes}).
     *
     * @param rawQuery the encoded query, or {@code null}; never named in error messages (it may carry a
     *     one-time credential such as a handshake nonce)
     */
    CompletableFuture<HttpResponse<byte[]>> get(String path, String rawQuery, int maximumBodyBytes) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path + (rawQuery == null ? "" : "?" + rawQuery)))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("Clerk-API-Version", CLERK_API_VERSION)
                .header("User-Agent", "clerksync-adapter-clerk")
                .GET()
                .build();
        return CompletableFuture
                .supplyAsync(() -> client.sendAsync(request, info -> new LimitedBody(maximumBodyBytes)), OFF_THE_CALLER)
                .thenCompose(Function.identity())
                .orTimeout(overallTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(unreachable(path, unwrap(error)));
                    }
                    return response;
                });
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private static BackendApiUnreachableException unreachable(String path, Throwable error) {
        String what = error instanceof HttpTimeoutException || error instanceof TimeoutException
                ? "did not answer GET " + path + " in time"
                : "could not be reached for GET " + path + " (" + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()) + ")";
        return new BackendApiUnreachableException("Clerk's Backend API " + what, error);
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** No answer from the Backend API; the message says why and never contains the secret key. */
    static final class BackendApiUnreachableException extends RuntimeException {
        BackendApiUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Collects the body, giving up (and cancelling the download) beyond {@code limit} bytes. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the response is larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}

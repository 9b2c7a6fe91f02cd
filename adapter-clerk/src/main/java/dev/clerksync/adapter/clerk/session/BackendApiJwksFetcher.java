package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Fetches the instance's keys as Clerk's SDKs do: {@code GET {CLERK_API_URL}/v1/jwks} with
 * {@code Authorization: Bearer <CLERK_SECRET_KEY>} (the Backend API endpoint has no rate limit; the
 * unauthenticated Frontend API one would do too, but Clerk's SDKs and docs use this one).
 *
 * <p>Nothing here blocks the caller: the request is started on Reactor's bounded-elastic scheduler
 * (so even the JDK client's connection set-up and name lookup stay off an event loop) and runs with
 * {@link HttpClient#sendAsync}. Both the connection and the whole exchange have time limits, and the
 * body has a size limit, so a slow or broken endpoint costs a bounded wait.
 */
final class BackendApiJwksFetcher implements JwksFetcher {

    /** The Backend API version Clerk's SDKs currently send. */
    static final String CLERK_API_VERSION = "2026-05-12";
    /** Clerk's JWKS is a few KiB; anything near this is not a JWKS. */
    static final int MAXIMUM_BODY_BYTES = 256 * 1024;

    private static final Executor OFF_THE_CALLER = task -> Schedulers.boundedElastic().schedule(task);

    private final HttpClient client;
    private final HttpRequest request;
    private final Duration overallTimeout;

    BackendApiJwksFetcher(URI apiUrl, String secretKey, Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // A redirect would be a misconfigured CLERK_API_URL; never follow it with the secret.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.request = HttpRequest.newBuilder(URI.create(apiUrl + "/v1/jwks"))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + secretKey)
                .header("Accept", "application/json")
                .header("Clerk-API-Version", CLERK_API_VERSION)
                .header("User-Agent", "clerksync-adapter-clerk")
                .GET()
                .build();
        // HttpRequest.timeout stops waiting for the response headers; this bounds the body too.
        this.overallTimeout = connectTimeout.plus(requestTimeout);
    }

    @Override
    public CompletableFuture<Map<String, VerificationKey>> fetch() {
        return CompletableFuture
                .supplyAsync(() -> client.sendAsync(request, info -> new LimitedBody(MAXIMUM_BODY_BYTES)), OFF_THE_CALLER)
                .thenCompose(Function.identity())
                .orTimeout(overallTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(unreachable(unwrap(error)));
                    }
                    return keysFrom(response);
                });
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private static Map<String, VerificationKey> keysFrom(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new JwksUnavailableException("Clerk's Backend API refused " + ClerkSessionSettings.SECRET_KEY_SETTING
                    + " (HTTP " + status + " from GET /v1/jwks): check that it is the current secret key of the"
                    + " instance of " + ClerkSessionSettings.PUBLISHABLE_KEY_SETTING, null);
        }
        if (status != 200) {
            throw new JwksUnavailableException("Clerk's Backend API answered HTTP " + status + " to GET /v1/jwks", null);
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new JwksUnavailableException("Clerk's Backend API answered GET /v1/jwks with something that is not a JWKS", e);
        }
        Map<String, VerificationKey> keys = usableKeys(set.getKeys());
        if (keys.isEmpty()) {
            throw new JwksUnavailableException("the JWKS from Clerk's Backend API contains no usable RSA signing key", null);
        }
        return keys;
    }

    /**
     * The RSA signature keys with a {@code kid}: Clerk signs session tokens with RS256 keys; anything
     * else in the set (the schema allows other key types) cannot verify a session token.
     */
    static Map<String, VerificationKey> usableKeys(List<JWK> jwks) {
        Map<String, VerificationKey> keys = new HashMap<>();
        for (JWK jwk : jwks) {
            if (!(jwk instanceof RSAKey rsa) || rsa.getKeyID() == null || keys.containsKey(rsa.getKeyID())) {
                continue;
            }
            if (rsa.getKeyUse() != null && !KeyUse.SIGNATURE.equals(rsa.getKeyUse())) {
                continue;
            }
            Optional<JWSAlgorithm> algorithm = Optional.ofNullable(rsa.getAlgorithm()).map(a -> JWSAlgorithm.parse(a.getName()));
            if (algorithm.isPresent() && !ClerkSessionTokenVerifier.ALGORITHMS.contains(algorithm.get())) {
                continue;
            }
            RSAPublicKey key;
            try {
                key = rsa.toRSAPublicKey();
            } catch (JOSEException e) {
                continue;
            }
            if (key.getModulus().bitLength() < ClerkJwtKeyPem.MINIMUM_RSA_BITS) {
                continue;
            }
            keys.put(rsa.getKeyID(), new VerificationKey(rsa.getKeyID(), algorithm, key));
        }
        return Map.copyOf(keys);
    }

    private static JwksUnavailableException unreachable(Throwable error) {
        if (error instanceof JwksUnavailableException known) {
            return known;
        }
        String what = error instanceof HttpTimeoutException || error instanceof TimeoutException
                ? "did not answer GET /v1/jwks in time"
                : "could not be reached for GET /v1/jwks (" + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : ": " + error.getMessage()) + ")";
        return new JwksUnavailableException("Clerk's Backend API " + what, error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
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

package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Exchanges a handshake nonce for its {@code Set-Cookie} directives as Clerk's SDK does
 * ({@code clients.getHandshakePayload}): {@code GET {CLERK_API_URL}/v1/clients/handshake_payload?nonce=<nonce>}
 * with the secret key, answered {@code {"directives": ["<Set-Cookie value>", ...]}} (Clerk's
 * {@code HandshakePayloadJSON}). The request never blocks the caller and has bounded time and size
 * ({@link BackendApiClient}).
 *
 * <p>What an answer means: the directives; or the nonce refused (a 4xx other than the ones below:
 * unknown, used or expired, which is the visitor's problem); or nothing usable, which is ours and
 * fails with {@link SessionVerificationUnavailableException}: no answer in time, a 5xx, the secret key
 * refused (401/403), rate limited (429), or a 200 that is not a handshake payload.
 */
final class BackendApiHandshakePayloads implements AutoCloseable {

    static final String PATH = "/v1/clients/handshake_payload";
    /** A payload is a few cookies of at most 4 KiB each. */
    static final int MAXIMUM_BODY_BYTES = 64 * 1024;

    private final BackendApiClient api;

    BackendApiHandshakePayloads(URI apiUrl, String secretKey, Duration connectTimeout, Duration requestTimeout) {
        this.api = new BackendApiClient(apiUrl, secretKey, connectTimeout, requestTimeout);
    }

    /**
     * Starts the exchange without blocking the caller. Completes with the {@link HandshakePayload}, or
     * exceptionally with a {@link SessionVerificationUnavailableException} saying why there is none.
     */
    CompletableFuture<HandshakePayload> fetch(String nonce) {
        Objects.requireNonNull(nonce, "nonce must not be null");
        return api.get(PATH, "nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8), MAXIMUM_BODY_BYTES)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = BackendApiClient.unwrap(error);
                        throw new CompletionException(unavailable(cause.getMessage(), cause.getCause()));
                    }
                    return payloadFrom(response);
                });
    }

    @Override
    public void close() {
        api.close();
    }

    private static HandshakePayload payloadFrom(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw unavailable("Clerk's Backend API refused " + ClerkSessionSettings.SECRET_KEY_SETTING + " (HTTP " + status
                    + " from GET " + PATH + "): check that it is the current secret key of the instance of "
                    + ClerkSessionSettings.PUBLISHABLE_KEY_SETTING, null);
        }
        if (status == 429) {
            throw unavailable("Clerk's Backend API is rate limiting GET " + PATH + " (HTTP 429)", null);
        }
        if (status >= 400 && status < 500) {
            return new HandshakePayload.NonceRefused(status);
        }
        if (status != 200) {
            throw unavailable("Clerk's Backend API answered HTTP " + status + " to GET " + PATH, null);
        }
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            json = Map.of();
        }
        return HandshakeDirectives.from(json.get("directives")).<HandshakePayload>map(HandshakePayload.Directives::new)
                .orElseThrow(() -> unavailable("Clerk's Backend API answered GET " + PATH
                        + " with something that is not a handshake payload (a \"directives\" list of Set-Cookie values)", null));
    }

    private static SessionVerificationUnavailableException unavailable(String message, Throwable cause) {
        return new SessionVerificationUnavailableException("Clerk's handshake cannot be completed right now: " + message, cause);
    }

    /** What the Backend API made of a nonce. */
    sealed interface HandshakePayload {

        /** The {@code Set-Cookie} values to send, checked by {@link HandshakeDirectives#from}. */
        record Directives(List<String> setCookies) implements HandshakePayload {
            public Directives {
                setCookies = List.copyOf(setCookies);
            }
        }

        /** Not a nonce of this instance, or no longer one (used or expired). */
        record NonceRefused(int status) implements HandshakePayload {
        }
    }
}

package dev.clerksync.adapter.clerk.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.http.HttpResponse;
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

/**
 * Fetches the instance's keys as Clerk's SDKs do: {@code GET {CLERK_API_URL}/v1/jwks} with
 * {@code Authorization: Bearer <CLERK_SECRET_KEY>} (the Backend API endpoint has no rate limit; the
 * unauthenticated Frontend API one would do too, but Clerk's SDKs and docs use this one). The
 * request never blocks the caller and has bounded time and size ({@link BackendApiClient}).
 */
final class BackendApiJwksFetcher implements JwksFetcher {

    /** The Backend API version Clerk's SDKs currently send. */
    static final String CLERK_API_VERSION = BackendApiClient.CLERK_API_VERSION;
    /** Clerk's JWKS is a few KiB; anything near this is not a JWKS. */
    static final int MAXIMUM_BODY_BYTES = 256 * 1024;

    private static final String PATH = "/v1/jwks";

    private final BackendApiClient api;

    BackendApiJwksFetcher(URI apiUrl, String secretKey, Duration connectTimeout, Duration requestTimeout) {
        this.api = new BackendApiClient(apiUrl, secretKey, connectTimeout, requestTimeout);
    }

    @Override
    public CompletableFuture<Map<String, VerificationKey>> fetch() {
        return api.get(PATH, null, MAXIMUM_BODY_BYTES).handle((response, error) -> {
            if (error != null) {
                Throwable cause = BackendApiClient.unwrap(error);
                throw new CompletionException(new JwksUnavailableException(cause.getMessage(), cause.getCause()));
            }
            return keysFrom(response);
        });
    }

    @Override
    public void close() {
        api.close();
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
}

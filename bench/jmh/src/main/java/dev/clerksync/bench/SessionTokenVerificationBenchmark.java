package dev.clerksync.bench;

import dev.clerksync.adapter.clerk.session.ClerkRequestAuthenticationAdapter;
import dev.clerksync.adapter.clerk.session.ClerkSessionSettings;
import dev.clerksync.adapter.clerk.session.ClerkSessionTokenVerifier;
import dev.clerksync.adapter.clerk.session.SessionClaims;
import dev.clerksync.adapter.clerk.session.SessionTokenVerification;
import dev.clerksync.adapter.clerk.testing.ClerkFixtures;
import dev.clerksync.adapter.clerk.testing.JwksStandIn;
import dev.clerksync.adapter.clerk.testing.SessionTokens;
import dev.clerksync.domain.model.AuthenticationRequest;
import dev.clerksync.domain.model.SessionState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Session-token verification with a cached key (issue #5: at least 20,000 per second on one core),
 * with the objects the service wires ({@code ClerkRequestAuthenticationAdapter.create} in
 * {@code ClerkConfiguration}):
 *
 * <ul>
 *   <li>{@code verifyToken}: {@link ClerkSessionTokenVerifier#verify(String)} alone (split and parse
 *       the token, header rules, key by {@code kid}, one RS256 verification, every claim check);</li>
 *   <li>{@code authenticateRequest}: {@link ClerkRequestAuthenticationAdapter#authenticate}, from the
 *       request's headers (as the session web filter hands them over) to {@link SessionState.SignedIn},
 *       with the token as {@code Authorization: Bearer} or in a browser's Clerk cookies.</li>
 * </ul>
 *
 * <p>{@code keySource} is where the cached key came from; a production request takes one of these
 * two paths once a key is at hand:
 * <ul>
 *   <li>{@code jwtKey}: {@code CLERK_JWT_KEY} (the PEM public key), networkless: the key is parsed
 *       and its verifier built at start-up;</li>
 *   <li>{@code jwks}: {@code CLERK_SECRET_KEY} only: the JWKS is downloaded from a loopback stand-in
 *       of the Backend API before each iteration (a no-op while the 5-minute cache is fresh), so the
 *       measured calls are cache hits. Each iteration checks that no download happened during it.</li>
 * </ul>
 * Every measured call must complete on the calling thread (no key download, no thread hop, no
 * waiting): a call that does not fails the benchmark, as does one that is not signed in, so a
 * failure path is never measured by mistake.
 *
 * <p>The token is a Clerk v2 session token for the key, {@code kid}, instance and authorized party of
 * {@code fixtures/clerk/session-jwt-vectors.json}, shaped like its {@code derivedTokens.v2WithOrg}
 * (header {@code alg kid typ cat}; claims {@code azp exp fva iat iss jti nbf sid sub v fea pla o}),
 * minted at set-up with fresh times and an hour of validity; {@code CLERK_AUTHORIZED_PARTIES} is set,
 * so {@code azp} is enforced as in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionTokenVerificationBenchmark {

    @Param({"jwtKey", "jwks"})
    public String keySource;

    private SessionTokens tokens;
    private String authorizedParty;
    private String userId;
    private String token;
    private Optional<JwksStandIn> backendApi = Optional.empty();
    private ClerkSessionTokenVerifier verifier;
    private ClerkRequestAuthenticationAdapter adapter;
    private int downloadsBeforeIteration;

    /** How the token reaches the adapter. */
    @State(Scope.Benchmark)
    public static class Credential {

        /**
         * {@code authorization}: an API client's {@code Authorization: Bearer <token>};
         * {@code cookie}: what a browser on a development instance sends with a {@code fetch} to the
         * API: clerk-js' development-browser token, {@code __client_uat} and {@code __session}
         * cookies, each suffixed and un-suffixed, next to a cookie of the application.
         */
        @Param({"authorization", "cookie"})
        public String via;

        Map<String, List<String>> headers;
        URI url;

        @Setup(Level.Trial)
        public void headers(SessionTokenVerificationBenchmark benchmark) {
            url = URI.create("http://localhost:8080/api/me");
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("Host", List.of("localhost:8080"));
            h.put("User-Agent", List.of("Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"));
            h.put("Accept", List.of("application/json"));
            h.put("Accept-Language", List.of("en-GB,en;q=0.5"));
            h.put("Accept-Encoding", List.of("gzip, deflate, br, zstd"));
            h.put("Referer", List.of("http://localhost:8080/"));
            h.put("Sec-Fetch-Dest", List.of("empty"));
            h.put("Sec-Fetch-Mode", List.of("cors"));
            h.put("Sec-Fetch-Site", List.of("same-origin"));
            h.put("Connection", List.of("keep-alive"));
            switch (via) {
                case "authorization" -> h.put("Authorization", List.of("Bearer " + benchmark.token));
                case "cookie" -> h.put("Cookie", List.of(benchmark.browserCookies()));
                default -> throw new IllegalArgumentException("via is authorization or cookie, not " + via);
            }
            headers = Map.copyOf(h);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        JsonNode vectors = ClerkFixtures.tree(ClerkFixtures.SESSION_JWT_VECTORS);
        authorizedParty = vectors.path("authorizedParty").stringValue();
        JsonNode shape = vectors.path("payload");
        userId = shape.path("sub").stringValue();
        tokens = SessionTokens.fromVectors();

        Instant now = Instant.now();
        token = tokens.token(userId, shape.path("sid").stringValue())
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1)))
                .authorizedParty(authorizedParty)
                .claim("fva", List.of(7, -1))
                .claim("pla", "o:pro")
                .organization("org_2GIpXOEpVyJw51rkZn9Korg01", "acme", "admin", Optional.of("manage,read"),
                        Optional.of("3,2"), "o:dashboard,o:teams")
                .mint();

        ClerkSessionSettings.Builder settings = ClerkSessionSettings.builder(tokens.publishableKey())
                .authorizedParties(authorizedParty);
        switch (keySource) {
            case "jwtKey" -> settings.jwtKey(tokens.publicKeyPem());
            case "jwks" -> {
                JwksStandIn standIn = JwksStandIn.start(tokens.jwksJson());
                backendApi = Optional.of(standIn);
                settings.secretKey(standIn.secretKey()).apiUrl(standIn.apiUrl().toString());
            }
            default -> throw new IllegalArgumentException("keySource is jwtKey or jwks, not " + keySource);
        }
        ClerkSessionSettings built = settings.build();
        // One verifier, hence one key cache, for both benchmarks, as ClerkRequestAuthenticationAdapter.create does.
        verifier = ClerkSessionTokenVerifier.create(built);
        adapter = new ClerkRequestAuthenticationAdapter(built, verifier);
    }

    /** Fills or refreshes the JWKS cache outside the measurement; the PEM key needs nothing. */
    @Setup(Level.Iteration)
    public void cacheKeys() {
        var first = verifier.verify(token).block(Duration.ofSeconds(10));
        if (!(first instanceof SessionTokenVerification.Verified verified) || !verified.claims().userId().value().equals(userId)) {
            throw new IllegalStateException("the verifier refuses the benchmark's token: " + first);
        }
        downloadsBeforeIteration = backendApi.map(JwksStandIn::requests).orElse(0);
        if (backendApi.isPresent() && downloadsBeforeIteration < 1) {
            throw new IllegalStateException("the JWKS was never downloaded from the stand-in: not the jwks path");
        }
    }

    @TearDown(Level.Iteration)
    public void noDownloadWhileMeasuring() {
        int downloads = backendApi.map(JwksStandIn::requests).orElse(0);
        if (downloads != downloadsBeforeIteration) {
            throw new IllegalStateException((downloads - downloadsBeforeIteration)
                    + " JWKS download(s) during a measured iteration: the key was not cached");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        adapter.close();
        backendApi.ifPresent(JwksStandIn::close);
    }

    @Benchmark
    public SessionClaims verifyToken() {
        if (completedHere(verifier.verify(token)) instanceof SessionTokenVerification.Verified verified) {
            return verified.claims();
        }
        throw new IllegalStateException("the token was refused");
    }

    @Benchmark
    public SessionState.SignedIn authenticateRequest(Credential credential) {
        var request = new AuthenticationRequest("GET", credential.url, credential.headers);
        if (completedHere(adapter.authenticate(request)) instanceof SessionState.SignedIn signedIn) {
            return signedIn;
        }
        throw new IllegalStateException("the request is not signed in: "
                + adapter.authenticate(request).block(Duration.ofSeconds(10)));
    }

    /**
     * The value of a {@link Mono} that must complete while it is subscribed, on this thread, as a
     * cached-key verification does; anything else (a download, a scheduler hop) fails the benchmark.
     */
    @SuppressWarnings("unchecked")
    private static <T> T completedHere(Mono<T> mono) {
        Object[] outcome = new Object[1];
        mono.subscribe(value -> outcome[0] = value, error -> outcome[0] = error);
        if (outcome[0] instanceof Throwable error) {
            throw new IllegalStateException("verification failed", error);
        }
        if (outcome[0] == null) {
            throw new IllegalStateException("verification did not complete on the calling thread: it waited for something");
        }
        return (T) outcome[0];
    }

    /**
     * The cookies clerk-js keeps for a development instance (Clerk's JavaScript SDK 5 and later):
     * the development-browser token, {@code __client_uat} and {@code __session}, each both with and
     * without the instance's suffix, plus one cookie of the application itself.
     */
    private String browserCookies() {
        String suffix = tokens.publishableKey().cookieSuffix();
        String devBrowser = "dvb_2pXkQ6B1wz3F8bLrE0nT5yHcUaV";
        long clientUat = Instant.now().getEpochSecond() - 3600;
        return "theme=dark; __clerk_db_jwt_" + suffix + "=" + devBrowser + "; __clerk_db_jwt=" + devBrowser
                + "; __client_uat_" + suffix + "=" + clientUat
                + "; __client_uat=" + clientUat
                + "; __session_" + suffix + "=" + token
                + "; __session=" + token;
    }
}

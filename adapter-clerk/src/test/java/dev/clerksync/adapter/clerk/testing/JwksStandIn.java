package dev.clerksync.adapter.clerk.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Clerk Backend API endpoints session authentication uses, on {@code 127.0.0.1}
 * and a random port (JDK HTTP server, no dependencies), each answering only requests that carry
 * {@code Authorization: Bearer <secret key>} (401 otherwise):
 * <ul>
 *   <li>{@code GET /v1/jwks} answers the configured JWKS;</li>
 *   <li>{@code GET /v1/clients/handshake_payload?nonce=<nonce>} answers
 *       {@code {"directives": [...]}} for a nonce given to {@link #serveHandshakePayload}, 404 for any
 *       other, as for a nonce that was never issued or is used up.</li>
 * </ul>
 * It counts and records requests and can be made to fail: an HTTP status, a slow answer, a dropped
 * connection, or answers held back until released. Use {@link #apiUrl()} as {@code CLERK_API_URL}.
 *
 * <pre>{@code
 * try (JwksStandIn clerk = JwksStandIn.start("sk_test_x", tokens.jwksJson())) {
 *     settings.secretKey("sk_test_x").apiUrl(clerk.apiUrl().toString());
 *     ...
 *     assertThat(clerk.requests()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class JwksStandIn implements AutoCloseable {

    /** A secret key that passes {@code ClerkSessionSettings}' checks for a {@code pk_test_} key. */
    public static final String TEST_SECRET_KEY = "sk_test_clerksyncStandInSecret0123456789";

    private static final String REFUSED = "{\"errors\":[{\"message\":\"The provided Clerk Secret Key is invalid.\","
            + "\"code\":\"clerk_key_invalid\"}]}";
    private static final String NOT_FOUND = "{\"errors\":[{\"message\":\"not found\",\"code\":\"resource_not_found\"}]}";

    /** One request to {@code /v1/clients/handshake_payload}: its nonce (decoded) and headers. */
    public record HandshakePayloadRequest(String method, Optional<String> nonce, Optional<String> authorization,
            Optional<String> apiVersion) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secretKey;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String jwksJson;
    private volatile int failureStatus;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean hangUp;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Headers lastRequestHeaders = new Headers();
    private final Map<String, String> handshakePayloads = new ConcurrentHashMap<>();
    private final List<HandshakePayloadRequest> handshakePayloadRequests = new CopyOnWriteArrayList<>();
    private volatile int handshakePayloadFailureStatus;

    private JwksStandIn(String secretKey, String jwksJson) throws IOException {
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey must not be null");
        this.jwksJson = Objects.requireNonNull(jwksJson, "jwksJson must not be null");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "jwks-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/jwks", this::handle);
        server.createContext("/v1/clients/handshake_payload", this::handleHandshakePayload);
    }

    /** Starts serving {@code jwksJson} to requests bearing {@code secretKey}. */
    public static JwksStandIn start(String secretKey, String jwksJson) {
        try {
            JwksStandIn standIn = new JwksStandIn(secretKey, jwksJson);
            standIn.server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JWKS stand-in", e);
        }
    }

    /** Starts serving {@code jwksJson} to requests bearing {@link #TEST_SECRET_KEY}. */
    public static JwksStandIn start(String jwksJson) {
        return start(TEST_SECRET_KEY, jwksJson);
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code CLERK_API_URL}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String secretKey() {
        return secretKey;
    }

    /** Serves this JWKS from now on (e.g. after a key rotation). */
    public void serve(String jwksJson) {
        this.jwksJson = Objects.requireNonNull(jwksJson, "jwksJson must not be null");
    }

    /**
     * Answers {@code GET /v1/clients/handshake_payload?nonce=<nonce>} with these {@code Set-Cookie}
     * directives, as {@code {"directives": [...]}}, from now on.
     */
    public void serveHandshakePayload(String nonce, List<String> directives) {
        Objects.requireNonNull(directives, "directives must not be null");
        serveRawHandshakePayload(nonce, JSONObjectUtils.toJSONString(Map.of("directives", List.copyOf(directives))));
    }

    /** Answers the nonce with this body (status 200), e.g. something that is not a handshake payload. */
    public void serveRawHandshakePayload(String nonce, String body) {
        handshakePayloads.put(Objects.requireNonNull(nonce, "nonce must not be null"),
                Objects.requireNonNull(body, "body must not be null"));
    }

    /** Answers every handshake-payload request with this status (e.g. 400 or 503) until {@link #recover()}. */
    public void failHandshakePayloadsWith(int status) {
        this.handshakePayloadFailureStatus = status;
    }

    /** The requests that reached {@code /v1/clients/handshake_payload}, refused ones included, in order. */
    public List<HandshakePayloadRequest> handshakePayloadRequests() {
        return List.copyOf(handshakePayloadRequests);
    }

    /** Answers every request with this status (e.g. 500) until {@link #recover()}. */
    public void failWith(int status) {
        this.failureStatus = status;
    }

    /** Waits this long before answering (e.g. longer than the client's timeout). */
    public void delayAnswersBy(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay must not be null");
    }

    /** Drops every connection without an answer, as a crashed server would, until {@link #recover()}. */
    public void hangUp() {
        this.hangUp = true;
    }

    /** Holds every answer back until {@link #releaseAnswers()}. */
    public void holdAnswers() {
        this.gate = new CountDownLatch(1);
    }

    public void releaseAnswers() {
        gate.countDown();
    }

    /** Answers normally again: no failure status, delay, hang-up or held answers. */
    public void recover() {
        failureStatus = 0;
        handshakePayloadFailureStatus = 0;
        delay = Duration.ZERO;
        hangUp = false;
        releaseAnswers();
    }

    /** How many requests reached {@code /v1/jwks}, refused ones included. */
    public int requests() {
        return requests.get();
    }

    /** A header of the last request, e.g. {@code Clerk-API-Version}. */
    public Optional<String> lastRequestHeader(String name) {
        return Optional.ofNullable(lastRequestHeaders.getFirst(name));
    }

    /** Waits until at least {@code count} requests have arrived; false on timeout. */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops the server: connections are refused from now on. */
    @Override
    public void close() {
        releaseAnswers();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastRequestHeaders = exchange.getRequestHeaders();
            requests.incrementAndGet();
            if (!waitAsConfigured()) {
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "{}");
            } else if (!("Bearer " + secretKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, REFUSED);
            } else if (failureStatus != 0) {
                respond(exchange, failureStatus, "{\"errors\":[{\"code\":\"internal_clerk_error\"}]}");
            } else {
                respond(exchange, 200, jwksJson);
            }
        }
    }

    private void handleHandshakePayload(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getRequestHeaders();
            Optional<String> nonce = nonce(exchange.getRequestURI().getRawQuery());
            handshakePayloadRequests.add(new HandshakePayloadRequest(exchange.getRequestMethod(), nonce,
                    Optional.ofNullable(headers.getFirst("Authorization")), Optional.ofNullable(headers.getFirst("Clerk-API-Version"))));
            if (!waitAsConfigured()) {
                return;
            }
            String payload = nonce.map(handshakePayloads::get).orElse(null);
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "{}");
            } else if (!("Bearer " + secretKey).equals(headers.getFirst("Authorization"))) {
                respond(exchange, 401, REFUSED);
            } else if (failureStatus != 0 || handshakePayloadFailureStatus != 0) {
                int status = handshakePayloadFailureStatus != 0 ? handshakePayloadFailureStatus : failureStatus;
                respond(exchange, status, "{\"errors\":[{\"code\":\"" + (status < 500 ? "form_param_invalid" : "internal_clerk_error") + "\"}]}");
            } else if (payload == null) {
                respond(exchange, 404, NOT_FOUND);
            } else {
                respond(exchange, 200, payload);
            }
        }
    }

    /** Applies hang-up, held answers and delay; false when no answer is to be given. */
    private boolean waitAsConfigured() {
        if (hangUp) {
            return false; // closing without a status line drops the connection
        }
        try {
            gate.await(30, TimeUnit.SECONDS);
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> nonce(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("nonce=")) {
                return Optional.of(URLDecoder.decode(pair.substring("nonce=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

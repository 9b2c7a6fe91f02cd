package dev.clerksync.adapter.clerk.testing;

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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Clerk's Backend API, on {@code http://127.0.0.1:<random port>}, for tests of
 * anything that calls it (reconcile, just-in-time provisioning, session-token verification):
 * <ul>
 *   <li>{@code GET /v1/users?limit=&starting_after=&order_by=}: a bare JSON array of realistic
 *       {@code User} objects (built from the fixtures), newest {@code created_at} first, the page after
 *       the cursor user (a deleted cursor user still marks its place); {@code limit} 1 to 500 (default
 *       10), any {@code order_by} but the {@code created_at} ones with a cursor is a 422, as Clerk does;</li>
 *   <li>{@code GET /v1/users/{id}}: the user, or 404 with Clerk's error body;</li>
 *   <li>{@code GET /v1/jwks}: a settable JWKS document;</li>
 *   <li>every request needs {@code Authorization: Bearer <secret key>}, else 401 as Clerk answers it.</li>
 * </ul>
 * Faults on demand: scripted answers for the next matching requests (429 with {@code Retry-After},
 * 5xx, slowness), a Clerk-like rate limit that answers 429 beyond it, latency on every answer, and
 * changes run while a given page is served. Every request is recorded with its arrival time.
 *
 * <pre>{@code
 * try (var clerk = ClerkBackendApiStandIn.start()) {
 *     clerk.addUsers(1200);
 *     clerk.respondNext(request -> request.isUserList(), StandInAnswer.throttled(Duration.ofSeconds(1)));
 *     ... CLERK_API_URL=clerk.apiUrl(), CLERK_SECRET_KEY=ClerkBackendApiStandIn.SECRET_KEY ...
 *     assertThat(clerk.requests()).hasSize(4);
 * }
 * }</pre>
 */
public final class ClerkBackendApiStandIn implements AutoCloseable {

    /** The secret key the stand-in accepts unless {@link #acceptSecretKey} says otherwise. */
    public static final String SECRET_KEY = "sk_test_clerksyncStandInSecretKey0123456789";

    /** {@code created_at} of the first user {@link #addUsers} makes; each next one is a second newer. */
    public static final Instant FIRST_CREATED_AT = Instant.parse("2025-01-01T00:00:00Z");

    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 500;

    private final HttpServer server;
    private final ExecutorService executor;
    private final long startNanos = System.nanoTime();

    // Guarded by "this".
    private final Map<String, ObjectNode> users = new HashMap<>();
    /** Sort key of every user ever listed, deleted ones included, so that a cursor on one still works. */
    private final Map<String, SortKey> sortKeys = new HashMap<>();
    private final Deque<ScriptedAnswer> script = new ArrayDeque<>();
    private final Map<Integer, Consumer<ClerkBackendApiStandIn>> whileServingPage = new HashMap<>();
    private final Deque<Long> rateLimitArrivals = new ArrayDeque<>();
    private String secretKey = SECRET_KEY;
    private String jwks = "{\"keys\":[]}";
    private Duration latency = Duration.ZERO;
    private int pagesServed;
    private int generated;
    private Optional<RateLimit> rateLimit = Optional.empty();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private ClerkBackendApiStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A stand-in listening on 127.0.0.1 on a free port, with no users. */
    public static ClerkBackendApiStandIn start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Clerk Backend API stand-in", e);
        }
        // One virtual thread per request: slow answers and many requests in flight cost nothing.
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        var standIn = new ClerkBackendApiStandIn(server, executor);
        server.setExecutor(executor);
        server.createContext("/", standIn::handle);
        server.start();
        return standIn;
    }

    /** The base URL, as {@code CLERK_API_URL} takes it: {@code http://127.0.0.1:<port>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------
    // Users

    /**
     * A realistic Clerk {@code User} (the {@code data} of {@code user.created.json}) with this id,
     * primary email (none when null), timestamps and name.
     */
    public static ObjectNode user(String id, String email, Instant createdAt, Instant updatedAt) {
        var event = ClerkFixtures.event(ClerkFixtures.USER_CREATED).userId(id).createdAt(createdAt).updatedAt(updatedAt);
        if (email == null) {
            event.noEmail();
        } else {
            // Each user's address gets an id of its own, as in Clerk.
            String addressId = "idn_" + id.replaceFirst("^user_", "") + "_email";
            event.set("/data/email_addresses/0/id", addressId).set("/data/primary_email_address_id", addressId)
                    .primaryEmail(email);
        }
        return (ObjectNode) event.tree().get("data");
    }

    /** Adds or replaces a user (a {@code User} object with at least a string {@code id}). */
    public synchronized ClerkBackendApiStandIn putUser(JsonNode user) {
        String id = user.path("id").stringValue();
        Objects.requireNonNull(id, "the user needs a string id");
        users.put(id, (ObjectNode) user.deepCopy());
        sortKeys.putIfAbsent(id, new SortKey(user.path("created_at").asLong(0), id));
        return this;
    }

    /** Adds a user built by {@link #user}. */
    public ClerkBackendApiStandIn addUser(String id, String email, Instant createdAt, Instant updatedAt) {
        return putUser(user(id, email, createdAt, updatedAt));
    }

    /**
     * Adds {@code count} users {@code user_standin_000001...}, each created a second after the previous
     * one (from {@link #FIRST_CREATED_AT}), updated when created, with address
     * {@code <id>@example.com}. Returns their ids, oldest first.
     */
    public synchronized List<String> addUsers(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            generated++;
            String id = "user_standin_%06d".formatted(generated);
            Instant created = FIRST_CREATED_AT.plusSeconds(generated);
            putUser(user(id, id + "@example.com", created, created));
            ids.add(id);
        }
        return ids;
    }

    /** The user's JSON as the stand-in serves it, to inspect or change in place with {@link #putUser}. */
    public synchronized Optional<ObjectNode> userJson(String id) {
        return Optional.ofNullable(users.get(id)).map(ObjectNode::deepCopy);
    }

    /** Changes a user's primary email and {@code updated_at}, as an edit in Clerk's dashboard would. */
    public synchronized ClerkBackendApiStandIn updateUser(String id, String email, Instant updatedAt) {
        var user = Optional.ofNullable(users.get(id)).orElseThrow(() -> new IllegalArgumentException("no user " + id));
        // ClerkEventBody edits an event's data: wrap a copy of the user in one.
        var event = ClerkEventBody.of(ClerkFixtures.USER_CREATED);
        event.tree().set("data", user.deepCopy());
        event.primaryEmail(email).updatedAt(updatedAt);
        users.put(id, (ObjectNode) event.tree().get("data"));
        return this;
    }

    /** Deletes a user: no longer listed, 404 when asked for. */
    public synchronized ClerkBackendApiStandIn deleteUser(String id) {
        users.remove(id);
        return this;
    }

    public synchronized int userCount() {
        return users.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Keys

    /** Only {@code Bearer <secretKey>} is accepted from now on. */
    public synchronized ClerkBackendApiStandIn acceptSecretKey(String key) {
        this.secretKey = Objects.requireNonNull(key);
        return this;
    }

    /** What {@code GET /v1/jwks} answers from now on (initially {@code {"keys":[]}}). */
    public synchronized ClerkBackendApiStandIn jwks(String json) {
        this.jwks = Objects.requireNonNull(json);
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Faults

    /** An answer to give instead of the real one. */
    public record StandInAnswer(int status, Optional<Duration> retryAfter, Duration delay) {

        /** 429 {@code Retry-After: <seconds>} (whole seconds, rounded up), as Clerk throttles. */
        public static StandInAnswer throttled(Duration retryAfter) {
            return new StandInAnswer(429, Optional.of(retryAfter), Duration.ZERO);
        }

        public static StandInAnswer status(int status) {
            return new StandInAnswer(status, Optional.empty(), Duration.ZERO);
        }

        /** The real answer, after a delay (a slow Clerk; longer than the client's timeout, a hung one). */
        public static StandInAnswer slow(Duration delay) {
            return new StandInAnswer(0, Optional.empty(), delay);
        }
    }

    private record ScriptedAnswer(Predicate<RecordedRequest> matches, StandInAnswer answer) {
    }

    /** The next request matching {@code when} gets {@code answer} instead (scripted answers are used in order). */
    public synchronized ClerkBackendApiStandIn respondNext(Predicate<RecordedRequest> when, StandInAnswer answer) {
        script.add(new ScriptedAnswer(when, answer));
        return this;
    }

    /** The next {@code times} requests matching {@code when} get {@code answer}. */
    public synchronized ClerkBackendApiStandIn respondNext(int times, Predicate<RecordedRequest> when, StandInAnswer answer) {
        IntStream.range(0, times).forEach(i -> respondNext(when, answer));
        return this;
    }

    /** The next request, whatever it is, gets {@code answer}. */
    public ClerkBackendApiStandIn respondNext(StandInAnswer answer) {
        return respondNext(request -> true, answer);
    }

    /** Every real answer (not a scripted, rate-limited or 401 one) is delayed this long. */
    public synchronized ClerkBackendApiStandIn latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay);
        return this;
    }

    /**
     * Throttles like Clerk: a request arriving when {@code requests} have already arrived within the
     * last {@code window} gets 429 with a {@code Retry-After} of the seconds until one leaves it.
     */
    public synchronized ClerkBackendApiStandIn enforceRateLimit(int requests, Duration window) {
        this.rateLimit = Optional.of(new RateLimit(requests, window));
        return this;
    }

    /**
     * Runs {@code change} while page {@code number} of a walk of the user list is served (the first
     * page, without {@code starting_after}, is 1): after that page's body is built, before it is
     * sent, so the next page sees the change. Runs once.
     */
    public synchronized ClerkBackendApiStandIn whileServingPage(int number, Consumer<ClerkBackendApiStandIn> change) {
        whileServingPage.put(number, change);
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Recorded requests

    /**
     * A request as it arrived.
     *
     * @param arrivedAfter since the stand-in started, on arrival (before any latency)
     * @param status       what it was answered
     */
    public record RecordedRequest(
            Duration arrivedAfter, String method, String path, Map<String, String> query, boolean authorized, int status) {

        public boolean isUserList() {
            return path.equals("/v1/users");
        }

        public boolean isUserLookup() {
            return path.startsWith("/v1/users/");
        }

        public boolean isJwks() {
            return path.equals("/v1/jwks");
        }
    }

    /** Every request so far, in order of arrival. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests that {@code filter} selects. */
    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        return requests.stream().filter(filter).toList();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /** The largest number of requests that arrived within any {@code window}. */
    public int mostRequestsWithin(Duration window) {
        var arrivals = requests.stream().map(RecordedRequest::arrivedAfter).sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < arrivals.size(); last++) {
            while (arrivals.get(last).minus(arrivals.get(first)).compareTo(window) >= 0) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    // ---------------------------------------------------------------------------------------------
    // Serving

    private record SortKey(long createdAt, String id) {
        static final Comparator<SortKey> NEWEST_FIRST =
                Comparator.comparingLong(SortKey::createdAt).thenComparing(SortKey::id).reversed();
    }

    private record RateLimit(int requests, Duration window) {
    }

    private record Answer(int status, String body, Optional<Duration> retryAfter, Duration delay) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        var arrived = Duration.ofNanos(System.nanoTime() - startNanos);
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer;
            boolean authorized;
            synchronized (this) {
                authorized = ("Bearer " + secretKey).equals(authorization);
                var request = new RecordedRequest(arrived, exchange.getRequestMethod(), path, query, authorized, 0);
                answer = answer(request);
            }
            requests.add(new RecordedRequest(arrived, exchange.getRequestMethod(), path, query, authorized, answer.status()));
            Duration delay = answer.delay();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.retryAfter().ifPresent(wait -> exchange.getResponseHeaders()
                    .set("Retry-After", Long.toString((wait.toMillis() + 999) / 1000)));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException clientWentAway) {
            // The client cancelled (a timeout): nothing to answer.
        }
    }

    /** Called holding the lock. */
    private Answer answer(RecordedRequest request) {
        if (!request.authorized()) {
            return error(401, "authentication_invalid", "Invalid authentication");
        }
        Optional<Answer> limited = rateLimited();
        if (limited.isPresent()) {
            return limited.get();
        }
        Duration delay = Duration.ZERO;
        for (var iterator = script.iterator(); iterator.hasNext(); ) {
            var scripted = iterator.next();
            if (scripted.matches().test(request)) {
                iterator.remove();
                if (scripted.answer().status() != 0) {
                    return new Answer(scripted.answer().status(), clerkError(scripted.answer().status()),
                            scripted.answer().retryAfter(), scripted.answer().delay());
                }
                delay = scripted.answer().delay();
                break;
            }
        }
        var real = realAnswer(request);
        return new Answer(real.status(), real.body(), real.retryAfter(), delay.plus(latency));
    }

    private Optional<Answer> rateLimited() {
        if (rateLimit.isEmpty()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        long window = rateLimit.get().window().toNanos();
        while (!rateLimitArrivals.isEmpty() && now - rateLimitArrivals.peekFirst() >= window) {
            rateLimitArrivals.removeFirst();
        }
        if (rateLimitArrivals.size() >= rateLimit.get().requests()) {
            var wait = Duration.ofNanos(rateLimitArrivals.peekFirst() + window - now);
            return Optional.of(new Answer(429, clerkError(429), Optional.of(wait), Duration.ZERO));
        }
        rateLimitArrivals.addLast(now);
        return Optional.empty();
    }

    private Answer realAnswer(RecordedRequest request) {
        if (!request.method().equals("GET")) {
            return error(405, "method_not_allowed", "Method not allowed");
        }
        if (request.isJwks()) {
            return new Answer(200, jwks, Optional.empty(), Duration.ZERO);
        }
        if (request.isUserList()) {
            return userList(request.query());
        }
        if (request.isUserLookup()) {
            String id = URLDecoder.decode(request.path().substring("/v1/users/".length()), StandardCharsets.UTF_8);
            return Optional.ofNullable(users.get(id))
                    .map(user -> new Answer(200, ClerkFixtures.JSON.writeValueAsString(user), Optional.empty(), Duration.ZERO))
                    .orElseGet(() -> error(404, "resource_not_found", "not found"));
        }
        return error(404, "resource_not_found", "not found");
    }

    private Answer userList(Map<String, String> query) {
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            return error(400, "form_param_format_invalid", "limit is not a number");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(422, "form_param_value_invalid", "limit must be 1 to 500");
        }
        String orderBy = query.getOrDefault("order_by", "-created_at");
        Optional<String> cursor = Optional.ofNullable(query.get("starting_after"));
        if (cursor.isPresent() && !orderBy.equals("-created_at")) {
            // Only -created_at is served here; Clerk would also accept created_at / +created_at.
            return error(422, "form_param_value_invalid", "starting_after needs created_at ordering");
        }
        Optional<SortKey> after = cursor.map(sortKeys::get);
        if (cursor.isPresent() && after.isEmpty()) {
            return error(422, "form_param_value_invalid", "starting_after is not a user id");
        }
        var page = users.values().stream()
                .map(user -> sortKeys.get(user.path("id").stringValue()))
                .sorted(SortKey.NEWEST_FIRST)
                .filter(key -> after.isEmpty() || SortKey.NEWEST_FIRST.compare(key, after.get()) > 0)
                .limit(limit)
                .map(key -> users.get(key.id()))
                .toList();
        String body = ClerkFixtures.JSON.writeValueAsString(page);
        // A request without a cursor starts a new walk of the list.
        pagesServed = cursor.isEmpty() ? 1 : pagesServed + 1;
        Optional.ofNullable(whileServingPage.remove(pagesServed)).ifPresent(change -> change.accept(this));
        return new Answer(200, body, Optional.empty(), Duration.ZERO);
    }

    private static Answer error(int status, String code, String message) {
        return new Answer(status, clerkError(code, message), Optional.empty(), Duration.ZERO);
    }

    private static String clerkError(int status) {
        return switch (status) {
            case 429 -> clerkError("too_many_requests", "Too many requests");
            case 401 -> clerkError("authentication_invalid", "Invalid authentication");
            default -> status >= 500 ? clerkError("internal_clerk_error", "Oops, something went wrong") : "";
        };
    }

    private static String clerkError(String code, String message) {
        var error = ClerkFixtures.JSON.createObjectNode();
        error.putArray("errors").addObject().put("message", message).put("long_message", message).put("code", code);
        error.put("clerk_trace_id", "standin");
        return ClerkFixtures.JSON.writeValueAsString(error);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }
}

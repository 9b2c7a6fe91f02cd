package dev.clerksync.adapter.clerk.backend;

import dev.clerksync.adapter.clerk.ClerkUserJsonMapper;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.InvalidUserDataException;
import dev.clerksync.domain.model.ProviderUserPage;
import dev.clerksync.domain.model.UnusableProviderUser;
import dev.clerksync.domain.model.UserChange;
import dev.clerksync.domain.port.out.FetchProviderUserPort;
import dev.clerksync.domain.port.out.ListProviderUsersPort;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Clerk's Backend API for reading users, usable without Spring:
 * <ul>
 *   <li>{@link #listUsers()}: {@code GET /v1/users?limit=500&order_by=-created_at}, then with
 *       {@code starting_after=<last id of the previous page>}, until a page is shorter than the limit.
 *       Clerk answers a bare JSON array of {@code User} objects. The cursor needs the
 *       {@code created_at} ordering, which never changes for a user, so a user is never listed twice;
 *       a user created during the walk sorts before the cursor and is not listed (the reconcile looks
 *       up stored users the list missed, so it is not taken for deleted). Clerk also offers
 *       {@code offset}, which it documents as slowing down and timing out on deep pages.</li>
 *   <li>{@link #fetch(ClerkUserId)}: {@code GET /v1/users/{id}}; a 404 is empty.</li>
 * </ul>
 * Each {@code User} is mapped by {@link ClerkUserJsonMapper}, exactly as a webhook's {@code data}.
 * Pacing, time bounds and retries are {@link ClerkBackendApiClient}'s: at most
 * {@link ClerkBackendApiSettings#requestsPerWindow()} requests per window, shared by both methods.
 */
public final class ClerkBackendApiAdapter implements ListProviderUsersPort, FetchProviderUserPort, AutoCloseable {

    private static final String LIST_REQUEST = "GET /v1/users";
    private static final String FETCH_REQUEST = "GET /v1/users/{id}";

    private final ClerkBackendApiSettings settings;
    private final ClerkBackendApiClient client;

    ClerkBackendApiAdapter(ClerkBackendApiSettings settings, ClerkBackendApiClient client) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    /**
     * An adapter with its own HTTP client, paced to the settings' rate limit.
     *
     * @param settings where Clerk is, the secret key and the limits
     * @return the adapter
     */
    public static ClerkBackendApiAdapter create(ClerkBackendApiSettings settings) {
        return new ClerkBackendApiAdapter(settings, new ClerkBackendApiClient(settings));
    }

    /** {@return the settings this adapter uses} */
    public ClerkBackendApiSettings settings() {
        return settings;
    }

    /** {@return the requests sent so far, for an operator's summary} */
    public BackendApiStatistics statistics() {
        return client.statistics();
    }

    @Override
    public Flux<ProviderUserPage> listUsers() {
        return Mono.defer(() -> page(1, Optional.empty()))
                // expand subscribes to the next page's request only once this page has been emitted.
                .expand(fetched -> fetched.isLast(settings.pageSize())
                        ? Mono.empty()
                        : page(fetched.page().number() + 1, fetched.lastUserId()))
                .map(FetchedPage::page);
    }

    @Override
    public Mono<UserChange.Snapshot> fetch(ClerkUserId userId) {
        Objects.requireNonNull(userId, "userId must not be null");
        return client.get("/v1/users/" + encode(userId.value()), FETCH_REQUEST, true)
                .flatMap(answer -> {
                    if (answer.status() == 404) {
                        return Mono.empty();
                    }
                    JsonNode user = answer.json(FETCH_REQUEST);
                    try {
                        return Mono.just(ClerkUserJsonMapper.toSnapshot(user));
                    } catch (InvalidUserDataException e) {
                        return Mono.error(new InvalidUserDataException("Clerk's answer to " + FETCH_REQUEST + ": " + e.getMessage()));
                    }
                });
    }

    @Override
    public void close() {
        client.close();
    }

    private Mono<FetchedPage> page(int number, Optional<String> startingAfter) {
        String query = "?limit=" + settings.pageSize() + "&order_by=-created_at"
                + startingAfter.map(id -> "&starting_after=" + encode(id)).orElse("");
        return client.get("/v1/users" + query, LIST_REQUEST, false)
                .map(answer -> read(number, answer.json(LIST_REQUEST), startingAfter));
    }

    private FetchedPage read(int number, JsonNode body, Optional<String> startingAfter) {
        if (!body.isArray()) {
            throw new IdentityProviderUnavailableException(
                    "Clerk's answer to " + LIST_REQUEST + " is not a JSON array of users", null);
        }
        List<UserChange.Snapshot> users = new ArrayList<>();
        List<UnusableProviderUser> unusable = new ArrayList<>();
        Optional<String> lastId = Optional.empty();
        for (JsonNode user : body) {
            lastId = user.path("id").isString() ? Optional.of(user.path("id").stringValue()) : Optional.empty();
            try {
                users.add(ClerkUserJsonMapper.toSnapshot(user));
            } catch (InvalidUserDataException e) {
                unusable.add(new UnusableProviderUser(userId(lastId), e.getMessage()));
            }
        }
        var fetched = new FetchedPage(new ProviderUserPage(number, users, unusable), body.size(), lastId);
        if (!fetched.isLast(settings.pageSize())) {
            if (lastId.isEmpty()) {
                throw new IdentityProviderUnavailableException("Clerk's user list page " + number
                        + " ends with an entry without an id: the list cannot be continued after it", null);
            }
            if (lastId.equals(startingAfter)) {
                throw new IdentityProviderUnavailableException("Clerk's user list page " + number
                        + " ends where the previous one did: the list does not advance", null);
            }
        }
        return fetched;
    }

    private static Optional<ClerkUserId> userId(Optional<String> id) {
        try {
            return id.map(ClerkUserId::new);
        } catch (InvalidUserDataException e) {
            return Optional.empty();
        }
    }

    /** One path segment or query value, percent-encoded (URLEncoder is form encoding: a space is "+"). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record FetchedPage(ProviderUserPage page, int entries, Optional<String> lastUserId) {

        boolean isLast(int pageSize) {
            return entries < pageSize;
        }
    }
}

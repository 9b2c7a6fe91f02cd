package dev.clerksync.adapter.clerk.backend;

import dev.clerksync.adapter.clerk.ClerkBackendApiAccess;
import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Clerk's Backend API and how gently to use it.
 *
 * <p>The defaults keep within Clerk's development-instance limit (100 requests per 10 s per secret
 * key; production allows 1000), bound every request in time, and give up after retries that span
 * about 8 s of outage, so an unreachable Clerk fails a run within seconds rather than hanging it.
 *
 * @param apiUrl               {@value #API_URL_SETTING}, without a trailing slash
 * @param secretKey            {@value #SECRET_KEY_SETTING}; when absent, every request fails with a
 *                             message naming it (the rest of the service still starts)
 * @param pageSize             users per list page (Clerk allows 1 to 500)
 * @param requestsPerWindow    at most this many requests start in any {@code window}
 * @param window               see {@code requestsPerWindow}
 * @param connectTimeout       bound on opening a connection
 * @param requestTimeout       bound on one request, from sending it to its whole body
 * @param maxAttempts          attempts of a request that fails transiently (network, timeout, 5xx)
 * @param firstRetryDelay      backoff before the first retry; doubles up to {@code maxRetryDelay}, ±50% jitter
 * @param maxRetryDelay        see {@code firstRetryDelay}
 * @param maxThrottledAttempts attempts of a request that Clerk answers 429
 * @param longestRetryAfter    a 429 asking to wait longer than this fails the request at once
 */
public record ClerkBackendApiSettings(
        URI apiUrl,
        Optional<String> secretKey,
        int pageSize,
        int requestsPerWindow,
        Duration window,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration firstRetryDelay,
        Duration maxRetryDelay,
        int maxThrottledAttempts,
        Duration longestRetryAfter) {

    /** The setting (environment variable) with the Backend API's base URL. */
    public static final String API_URL_SETTING = ClerkBackendApiAccess.API_URL_SETTING;

    /** The setting (environment variable) with the instance's secret key. */
    public static final String SECRET_KEY_SETTING = ClerkBackendApiAccess.SECRET_KEY_SETTING;

    /** Clerk's Backend API, used when {@value #API_URL_SETTING} is not set. */
    public static final URI DEFAULT_API_URL = ClerkBackendApiAccess.DEFAULT_API_URL;

    /** Clerk's largest page. */
    public static final int MAX_PAGE_SIZE = 500;

    /** Clerk's development-instance limit, which production instances (1000 per 10 s) also satisfy. */
    public static final int DEFAULT_REQUESTS_PER_WINDOW = 100;

    /** The window of {@link #DEFAULT_REQUESTS_PER_WINDOW}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    /**
     * Validates the settings.
     *
     * @throws NullPointerException     when a component is null (use Optional.empty() for no secret key)
     * @throws IllegalArgumentException when a size, count or duration is out of range
     */
    public ClerkBackendApiSettings {
        Objects.requireNonNull(apiUrl, "apiUrl must not be null");
        Objects.requireNonNull(secretKey, "secretKey must not be null (use Optional.empty())");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        if (requestsPerWindow < 1) {
            throw new IllegalArgumentException("requestsPerWindow must be positive, was " + requestsPerWindow);
        }
        requirePositive(window, "window");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxAttempts < 1 || maxThrottledAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts and maxThrottledAttempts must be at least 1");
        }
        requirePositive(firstRetryDelay, "firstRetryDelay");
        requirePositive(maxRetryDelay, "maxRetryDelay");
        requirePositive(longestRetryAfter, "longestRetryAfter");
    }

    /**
     * The settings from the raw values of {@value #API_URL_SETTING} (default {@code https://api.clerk.com})
     * and {@value #SECRET_KEY_SETTING}, with the default limits; surrounding white space is ignored.
     *
     * @param apiUrl    the raw value of {@value #API_URL_SETTING}; empty when it is not set
     * @param secretKey the raw value of {@value #SECRET_KEY_SETTING}; empty when it is not set
     * @return the settings
     * @throws InvalidClerkSettingException when a value is present but malformed; the message names the
     *     setting and never repeats its value
     */
    public static ClerkBackendApiSettings fromSettings(Optional<String> apiUrl, Optional<String> secretKey) {
        Objects.requireNonNull(apiUrl, "apiUrl must not be null (use Optional.empty())");
        Objects.requireNonNull(secretKey, "secretKey must not be null (use Optional.empty())");
        return new ClerkBackendApiSettings(
                apiUrl.map(String::strip).filter(value -> !value.isEmpty())
                        .map(ClerkBackendApiAccess::apiUrl).orElse(DEFAULT_API_URL),
                secretKey.map(String::strip).filter(value -> !value.isEmpty())
                        .map(ClerkBackendApiAccess::secretKey),
                MAX_PAGE_SIZE,
                DEFAULT_REQUESTS_PER_WINDOW,
                DEFAULT_WINDOW,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                5,
                Duration.ofMillis(500),
                Duration.ofSeconds(4),
                10,
                Duration.ofMinutes(2));
    }

    /**
     * A copy with another page size.
     *
     * @param size users per list page, 1 to {@link #MAX_PAGE_SIZE}
     * @return the copy
     */
    public ClerkBackendApiSettings withPageSize(int size) {
        return new ClerkBackendApiSettings(apiUrl, secretKey, size, requestsPerWindow, window, connectTimeout,
                requestTimeout, maxAttempts, firstRetryDelay, maxRetryDelay, maxThrottledAttempts, longestRetryAfter);
    }

    /**
     * A copy with another rate limit.
     *
     * @param requests at most this many requests start ...
     * @param per      ... in any window this long
     * @return the copy
     */
    public ClerkBackendApiSettings withRateLimit(int requests, Duration per) {
        return new ClerkBackendApiSettings(apiUrl, secretKey, pageSize, requests, per, connectTimeout,
                requestTimeout, maxAttempts, firstRetryDelay, maxRetryDelay, maxThrottledAttempts, longestRetryAfter);
    }

    /**
     * A copy with other timeouts.
     *
     * @param connect bound on opening a connection
     * @param request bound on one request, from sending it to its whole body
     * @return the copy
     */
    public ClerkBackendApiSettings withTimeouts(Duration connect, Duration request) {
        return new ClerkBackendApiSettings(apiUrl, secretKey, pageSize, requestsPerWindow, window, connect,
                request, maxAttempts, firstRetryDelay, maxRetryDelay, maxThrottledAttempts, longestRetryAfter);
    }

    /**
     * A copy with other retries of transient failures.
     *
     * @param attempts   attempts in all, the first included
     * @param firstDelay backoff before the first retry; it doubles up to {@code maxDelay}
     * @param maxDelay   the longest backoff
     * @return the copy
     */
    public ClerkBackendApiSettings withRetries(int attempts, Duration firstDelay, Duration maxDelay) {
        return new ClerkBackendApiSettings(apiUrl, secretKey, pageSize, requestsPerWindow, window, connectTimeout,
                requestTimeout, attempts, firstDelay, maxDelay, maxThrottledAttempts, longestRetryAfter);
    }

    /**
     * A copy with other handling of Clerk's 429 answers.
     *
     * @param attempts    attempts in all of a request that Clerk answers 429
     * @param longestWait a {@code Retry-After} longer than this fails the request at once
     * @return the copy
     */
    public ClerkBackendApiSettings withThrottling(int attempts, Duration longestWait) {
        return new ClerkBackendApiSettings(apiUrl, secretKey, pageSize, requestsPerWindow, window, connectTimeout,
                requestTimeout, maxAttempts, firstRetryDelay, maxRetryDelay, attempts, longestWait);
    }

    @Override
    public String toString() {
        return "ClerkBackendApiSettings[apiUrl=" + apiUrl + ", secretKey=" + (secretKey.isPresent() ? "set" : "missing")
                + ", pageSize=" + pageSize + ", rateLimit=" + requestsPerWindow + " per " + window
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", retryDelay=" + firstRetryDelay + ".." + maxRetryDelay
                + ", maxThrottledAttempts=" + maxThrottledAttempts + ", longestRetryAfter=" + longestRetryAfter + "]";
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

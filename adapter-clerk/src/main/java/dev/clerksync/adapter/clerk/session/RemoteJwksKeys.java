package dev.clerksync.adapter.clerk.session;

import dev.clerksync.adapter.clerk.session.ClerkSessionObserver.KeyDownloadResult;
import dev.clerksync.adapter.clerk.session.ClerkSessionObserver.KeyDownloadTrigger;
import dev.clerksync.domain.model.SessionVerificationUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.Mono;

/**
 * The instance's keys from the Backend API's JWKS, cached.
 *
 * <p><b>Why not Nimbus's {@code JWKSourceBuilder}:</b> its cache, rate limiter and retrier are
 * built around a synchronous {@code get()} that downloads on the calling thread and makes concurrent
 * callers wait on a lock; it reads {@code System.currentTimeMillis()} rather than an injectable
 * clock; and its errors do not tell "the keys cannot be had" (our failure: 503) from "the token names
 * a key the instance does not have" (the visitor's: signed out). Wrapping it in
 * {@code boundedElastic} would park a thread per waiting request during an outage. The rules here
 * are few, so they are written out, with Nimbus still doing all JWK parsing and verification:
 *
 * <ul>
 *   <li>One cache per adapter object, so keys never cross secret keys or API URLs (the cross-instance
 *       bug Clerk fixed in {@code @clerk/backend} 3.16.8 by scoping its cache).</li>
 *   <li>Keys are fresh for {@value #TIME_TO_LIVE_MINUTES} minutes (Clerk's
 *       {@code MAX_CACHE_LAST_UPDATED_AT_SECONDS}); the first use after that downloads them again.</li>
 *   <li>An unknown {@code kid} with fresh keys (a key rotation) downloads again, but at most once per
 *       {@value #UNKNOWN_KID_REFETCH_SECONDS} seconds: a flood of made-up {@code kid}s costs one
 *       download, then {@code jwk-kid-mismatch} until the interval has passed. Clerk refetches on
 *       every unknown {@code kid}.</li>
 *   <li>At most one download at a time: everyone who needs one while it runs waits for that one.</li>
 *   <li>A failed download is not retried for {@value #FAILURE_BACKOFF_SECONDS} seconds, so an outage
 *       costs a download every few seconds, not one per request. Meanwhile (and on the failure
 *       itself) keys downloaded earlier stay usable for up to {@value #STALE_IF_ERROR_MINUTES} minutes
 *       past their freshness; without such a key the request fails with
 *       {@link SessionVerificationUnavailableException}, never as signed out.</li>
 * </ul>
 *
 * <p>A cache hit is a volatile read, a clock read and a map lookup; the lock is taken only to start
 * or join a download.
 */
final class RemoteJwksKeys implements VerificationKeys {

    static final int TIME_TO_LIVE_MINUTES = 5;
    static final int UNKNOWN_KID_REFETCH_SECONDS = 30;
    static final int FAILURE_BACKOFF_SECONDS = 5;
    static final int STALE_IF_ERROR_MINUTES = 60;

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(TIME_TO_LIVE_MINUTES);
    static final Duration UNKNOWN_KID_REFETCH_INTERVAL = Duration.ofSeconds(UNKNOWN_KID_REFETCH_SECONDS);
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(FAILURE_BACKOFF_SECONDS);
    static final Duration STALE_IF_ERROR = Duration.ofMinutes(STALE_IF_ERROR_MINUTES);

    private static final System.Logger LOG = System.getLogger(RemoteJwksKeys.class.getName());
    private static final Mono<Optional<VerificationKey>> NO_SUCH_KEY = Mono.just(Optional.empty());

    private final JwksFetcher fetcher;
    private final Clock clock;
    private final ClerkSessionObserver observer;

    /** The last successful download; {@code null} until there is one. */
    private volatile Snapshot snapshot;

    private final Object lock = new Object();
    private CompletableFuture<Snapshot> inFlight; // guarded by lock
    private boolean anyDownloadStarted; // guarded by lock
    private long lastDownloadStartedAt; // guarded by lock
    private Failure lastFailure; // guarded by lock; null once a download succeeds

    RemoteJwksKeys(JwksFetcher fetcher, Clock clock) {
        this(fetcher, clock, ClerkSessionObserver.NONE);
    }

    RemoteJwksKeys(JwksFetcher fetcher, Clock clock, ClerkSessionObserver observer) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
    }

    @Override
    public Mono<Optional<VerificationKey>> keyFor(Optional<String> keyId) {
        if (keyId.isEmpty()) {
            return NO_SUCH_KEY; // every key of a JWKS has a kid; a token without one matches none
        }
        String kid = keyId.get();
        long now = clock.millis();
        Snapshot keys = snapshot;
        if (keys != null && keys.isFreshAt(now)) {
            VerificationKey key = keys.byKeyId().get(kid);
            return key != null ? key.found() : afterUnknownKeyId(kid, now);
        }
        return afterExpiry(kid, now);
    }

    @Override
    public void close() {
        fetcher.close();
    }

    private Mono<Optional<VerificationKey>> afterUnknownKeyId(String kid, long now) {
        CompletableFuture<Snapshot> download;
        synchronized (lock) {
            if (inFlight != null) {
                download = inFlight;
            } else if (!anyDownloadStarted || now - lastDownloadStartedAt >= UNKNOWN_KID_REFETCH_INTERVAL.toMillis()) {
                download = startDownload(now, KeyDownloadTrigger.UNKNOWN_KID);
            } else if (lastFailure != null) {
                // The last download failed, so the fresh keys may lack a just-rotated one: our failure.
                return Mono.error(unavailable(lastFailure.error()));
            } else {
                return NO_SUCH_KEY;
            }
        }
        return lookUpAfter(download, kid, now);
    }

    private Mono<Optional<VerificationKey>> afterExpiry(String kid, long now) {
        CompletableFuture<Snapshot> download;
        synchronized (lock) {
            if (inFlight != null) {
                download = inFlight;
            } else if (lastFailure != null && now - lastFailure.at() < FAILURE_BACKOFF.toMillis()) {
                return staleOrUnavailable(kid, now, lastFailure.error());
            } else {
                download = startDownload(now, KeyDownloadTrigger.EXPIRED);
            }
        }
        return lookUpAfter(download, kid, now);
    }

    private Mono<Optional<VerificationKey>> lookUpAfter(CompletableFuture<Snapshot> download, String kid, long now) {
        // suppressCancel: one cancelled request must not abort the download others wait for.
        return Mono.fromFuture(download, true)
                .map(keys -> Optional.ofNullable(keys.byKeyId().get(kid)))
                .onErrorResume(error -> staleOrUnavailable(kid, now, unwrap(error)));
    }

    private Mono<Optional<VerificationKey>> staleOrUnavailable(String kid, long now, Throwable error) {
        Snapshot keys = snapshot;
        if (keys != null && keys.isUsableDuringOutageAt(now)) {
            VerificationKey key = keys.byKeyId().get(kid);
            if (key != null) {
                return key.found();
            }
        }
        return Mono.error(unavailable(error));
    }

    /** Must hold the lock. */
    private CompletableFuture<Snapshot> startDownload(long now, KeyDownloadTrigger trigger) {
        anyDownloadStarted = true;
        lastDownloadStartedAt = now;
        CompletableFuture<Snapshot> result = new CompletableFuture<>();
        inFlight = result;
        CompletableFuture<Map<String, VerificationKey>> download;
        try {
            download = fetcher.fetch();
        } catch (RuntimeException e) {
            download = CompletableFuture.failedFuture(e);
        }
        download.whenComplete((keys, error) -> finish(result, keys, error, trigger));
        return result;
    }

    private void finish(CompletableFuture<Snapshot> result, Map<String, VerificationKey> keys, Throwable error,
            KeyDownloadTrigger trigger) {
        Snapshot downloaded = null;
        Throwable failure = null;
        synchronized (lock) {
            if (inFlight == result) {
                inFlight = null;
            }
            if (error == null && keys != null && !keys.isEmpty()) {
                downloaded = new Snapshot(Map.copyOf(keys), clock.millis());
                snapshot = downloaded;
                lastFailure = null;
            } else {
                failure = error == null
                        ? new JwksUnavailableException("the JWKS from Clerk's Backend API contains no usable key", null)
                        : unwrap(error);
                lastFailure = new Failure(clock.millis(), failure);
            }
        }
        observed(downloaded != null ? KeyDownloadResult.OK : KeyDownloadResult.FAILED, trigger);
        if (downloaded != null) {
            result.complete(downloaded);
        } else {
            LOG.log(System.Logger.Level.WARNING, "Clerk session keys could not be downloaded: {0}", failure.getMessage());
            result.completeExceptionally(failure);
        }
    }

    private void observed(KeyDownloadResult result, KeyDownloadTrigger trigger) {
        try {
            observer.keysDownloaded(result, trigger);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The session observer failed on a key download", e);
        }
    }

    private static SessionVerificationUnavailableException unavailable(Throwable error) {
        String message = error instanceof JwksUnavailableException
                ? error.getMessage()
                : "the JWKS could not be downloaded from Clerk's Backend API";
        return new SessionVerificationUnavailableException(
                "Session tokens cannot be verified right now: " + message, error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private record Snapshot(Map<String, VerificationKey> byKeyId, long downloadedAt) {

        boolean isFreshAt(long now) {
            return now - downloadedAt < TIME_TO_LIVE.toMillis();
        }

        boolean isUsableDuringOutageAt(long now) {
            return now - downloadedAt < TIME_TO_LIVE.plus(STALE_IF_ERROR).toMillis();
        }
    }

    private record Failure(long at, Throwable error) {
    }
}

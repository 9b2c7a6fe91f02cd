package dev.clerksync.adapter.clerk.session;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One download of the instance's keys. */
interface JwksFetcher extends AutoCloseable {

    /**
     * Starts a download without blocking the caller. Completes with the usable keys by {@code kid}
     * (never empty), or exceptionally with a {@link JwksUnavailableException} saying why.
     */
    CompletableFuture<Map<String, VerificationKey>> fetch();

    @Override
    default void close() {
    }
}

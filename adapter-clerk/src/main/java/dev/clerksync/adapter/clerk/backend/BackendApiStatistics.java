package dev.clerksync.adapter.clerk.backend;

/**
 * What an adapter has sent to Clerk's Backend API so far, for an operator's summary.
 *
 * @param requests          requests sent (each attempt counts)
 * @param throttled         of those, answered 429
 * @param retriedAfterFailure attempts repeated after a network failure, a timeout or a 5xx answer
 */
public record BackendApiStatistics(long requests, long throttled, long retriedAfterFailure) {
}

package dev.clerksync.adapter.clerk.session;

import java.util.Locale;

/**
 * Told what session verification does, for metrics: each request authenticated and each download
 * of the instance's keys. The adapter stays free of any metrics library; an application binds this
 * to its own (clerksync binds it to Micrometer). Called on the thread the work happens on, often an
 * event loop: implementations must be quick, must not block, and should not throw (an exception is
 * logged and otherwise ignored, never fails a request).
 */
public interface ClerkSessionObserver {

    /** Observes nothing. */
    ClerkSessionObserver NONE = new ClerkSessionObserver() {
    };

    /** A request's session was decided ({@link SessionOutcome#UNAVAILABLE}: it could not be). */
    default void requestAuthenticated(SessionOutcome outcome, SessionReasonCategory reason) {
    }

    /** A download of the instance's keys (the Backend API's JWKS) finished. */
    default void keysDownloaded(KeyDownloadResult result, KeyDownloadTrigger trigger) {
    }

    /** What authenticating a request came to. */
    enum SessionOutcome {
        SIGNED_IN,
        SIGNED_OUT,
        /** A page load redirected through Clerk's handshake. */
        HANDSHAKE,
        /** The keys or the Backend API could not be had: our failure, answered 503. */
        UNAVAILABLE;

        /** The metric tag value: {@code signed_in}, {@code signed_out}, {@code handshake}, {@code unavailable}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a key download brought usable keys. */
    enum KeyDownloadResult {
        OK,
        FAILED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why the keys were downloaded. */
    enum KeyDownloadTrigger {
        /** No keys yet, keys past their freshness, or a retry after a failed download. */
        EXPIRED,
        /** A token named a key the fresh keys lack (a key rotation, or a made-up {@code kid}). */
        UNKNOWN_KID;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

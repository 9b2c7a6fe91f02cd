package dev.clerksync.adapter.clerk.session;

/** The keys could not be downloaded; the message says why and never contains the secret key. */
final class JwksUnavailableException extends RuntimeException {

    JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

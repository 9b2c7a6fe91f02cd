package dev.clerksync.adapter.web;

/** The request body is larger than the webhook endpoint buffers. */
class WebhookBodyTooLargeException extends RuntimeException {

    WebhookBodyTooLargeException(long maxBytes) {
        super("The body is larger than " + maxBytes + " bytes");
    }
}

package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.SignedWebhook;
import dev.clerksync.domain.port.in.ReceiveWebhookCommand;
import dev.clerksync.domain.port.in.ReceiveWebhookUseCase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/webhooks/clerk}: hands the body, exactly as received, to the use case. The body
 * is read as raw bytes with its own size limit because signatures cover the exact bytes and
 * Clerk payloads may exceed WebFlux's default 256 KiB codec buffer.
 */
public final class ClerkWebhookHandler {

    public static final String PATH = "/api/webhooks/clerk";
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final ReceiveWebhookUseCase receiveWebhook;
    private final long maxBodyBytes;
    private final WebhookDeliveryLog deliveryLog;

    public ClerkWebhookHandler(ReceiveWebhookUseCase receiveWebhook, long maxBodyBytes, MeterRegistry meters) {
        this.deliveryLog = new WebhookDeliveryLog(meters);
        this.receiveWebhook = Objects.requireNonNull(receiveWebhook, "receiveWebhook must not be null");
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + Integer.MAX_VALUE);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public Mono<ServerResponse> receive(ServerRequest request) {
        long startedAt = System.nanoTime();
        var headers = request.headers().asHttpHeaders();
        return readBody(request, headers)
                .map(body -> new SignedWebhook(body, signatureHeaders(headers)))
                .flatMap(webhook -> receiveWebhook.receive(new ReceiveWebhookCommand(webhook)))
                .flatMap(receipt -> {
                    deliveryLog.accepted(receipt, startedAt);
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(WebhookAcknowledgement.of(receipt));
                })
                .onErrorResume(error -> {
                    var refusal = WebhookRefusal.of(error);
                    deliveryLog.refused(headers, error, refusal, startedAt);
                    return refusal.map(expected -> expected.respond(request)).orElseGet(() -> Mono.error(error));
                });
    }

    private Mono<String> readBody(ServerRequest request, HttpHeaders headers) {
        if (headers.getContentLength() > maxBodyBytes) {
            return Mono.error(new WebhookBodyTooLargeException(maxBodyBytes));
        }
        return DataBufferUtils.join(request.exchange().getRequest().getBody(), (int) maxBodyBytes)
                .map(ClerkWebhookHandler::decodeAndRelease)
                .onErrorMap(DataBufferLimitException.class, e -> new WebhookBodyTooLargeException(maxBodyBytes))
                .defaultIfEmpty("");
    }

    /**
     * Malformed UTF-8 becomes U+FFFD and then fails the signature check, which is the right answer
     * for bytes that are not what was signed.
     */
    private static String decodeAndRelease(DataBuffer buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Only the signature headers matter to verification; the rest stay out of the domain. */
    private static Map<String, String> signatureHeaders(HttpHeaders headers) {
        var selected = new HashMap<String, String>(8);
        headers.forEach((name, values) -> {
            var lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("svix-") || lower.startsWith("webhook-")) && !values.isEmpty()) {
                selected.putIfAbsent(lower, values.getFirst());
            }
        });
        return selected;
    }
}

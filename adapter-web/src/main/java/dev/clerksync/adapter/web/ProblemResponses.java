package dev.clerksync.adapter.web;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * RFC 9457 problem details, as every refusal of the API is answered: a type under
 * {@value #PROBLEM_BASE}, a title, a detail meant for the caller, the request's path as
 * {@code instance}, and Retry-After whenever trying again later is the remedy.
 */
final class ProblemResponses {

    static final String PROBLEM_BASE = "https://clerksync.dev/problems/";
    /** Seconds a caller should wait before retrying while something of ours is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    private ProblemResponses() {
    }

    static ProblemDetail problem(ServerRequest request, HttpStatus status, String type, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.path()));
        return problem;
    }

    static Mono<ServerResponse> respond(ProblemDetail problem, Consumer<HttpHeaders> headers) {
        return ServerResponse.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem);
    }

    static Consumer<HttpHeaders> retryAfter(Optional<String> seconds) {
        return headers -> seconds.ifPresent(value -> headers.set(HttpHeaders.RETRY_AFTER, value));
    }

    /** Ours and temporary: 503 with Retry-After, never an answer that blames the caller. */
    static Mono<ServerResponse> unavailable(ServerRequest request, String type, String title, String detail) {
        return respond(problem(request, HttpStatus.SERVICE_UNAVAILABLE, type, title, detail),
                retryAfter(Optional.of(RETRY_AFTER_SECONDS)));
    }

    /** A route that exists with other methods: 405 naming the ones it has, as HTTP asks. */
    static Mono<ServerResponse> methodNotAllowed(ServerRequest request, HttpMethod... allowed) {
        var problem = problem(request, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                request.method().name() + " is not supported here; use " + join(allowed));
        return respond(problem, headers -> headers.setAllow(new LinkedHashSet<>(List.of(allowed))));
    }

    private static String join(HttpMethod... methods) {
        return Arrays.stream(methods).map(HttpMethod::name).collect(Collectors.joining(" or "));
    }
}

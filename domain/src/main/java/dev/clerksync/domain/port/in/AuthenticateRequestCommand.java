package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.AuthenticationRequest;
import java.util.Objects;

/**
 * Establish who is making this request.
 *
 * @param request the request's method, URL and headers
 */
public record AuthenticateRequestCommand(AuthenticationRequest request) {

    /**
     * Validates the command.
     *
     * @throws NullPointerException if the request is null
     */
    public AuthenticateRequestCommand {
        Objects.requireNonNull(request, "request must not be null");
    }
}

package dev.clerksync.domain.port.in;

import dev.clerksync.domain.model.AuthenticationRequest;
import java.util.Objects;

/** Establish who is making this request. */
public record AuthenticateRequestCommand(AuthenticationRequest request) {

    public AuthenticateRequestCommand {
        Objects.requireNonNull(request, "request must not be null");
    }
}

package dev.clerksync.adapter.web;

import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.StoredUser;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.in.GetCurrentUserCommand;
import dev.clerksync.domain.port.in.GetCurrentUserUseCase;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RenderingResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /}: the guide's page, rendered on the server. Signed out: a button that opens Clerk's
 * sign-in modal. Signed in: Clerk's user button and the profile as synced into our database. The
 * page renders whatever fails (Clerk's script, Clerk's API, our database) and says what is missing.
 */
public final class SignInPageHandler {

    public static final String PATH = "/";

    /** The Thymeleaf template of the page. */
    static final String VIEW = "index";

    private final GetCurrentUserUseCase currentUser;
    private final SignInPageSettings settings;

    public SignInPageHandler(GetCurrentUserUseCase currentUser, SignInPageSettings settings) {
        this.currentUser = Objects.requireNonNull(currentUser, "currentUser must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public Mono<ServerResponse> page(ServerRequest request) {
        var lookup = SessionLookup.from(request.exchange());
        if (lookup.isUnavailable()) {
            return render(false, HttpStatus.SERVICE_UNAVAILABLE,
                    Map.of("notice", "Your session cannot be checked right now. Please try again in a moment."));
        }
        var session = lookup.signedIn();
        if (session.isEmpty()) {
            return render(false, HttpStatus.OK, Map.of());
        }
        return currentUser.currentUser(new GetCurrentUserCommand(session.get().userId()))
                .flatMap(user -> render(true, HttpStatus.OK, Map.of("profile", profile(user))))
                .switchIfEmpty(Mono.defer(() -> render(true, HttpStatus.OK, Map.of("notice", "This account no longer exists."))))
                .onErrorResume(e -> e instanceof IdentityProviderUnavailableException
                                || e instanceof IdentityProviderCredentialsException
                                || e instanceof UserStoreUnavailableException,
                        e -> render(true, HttpStatus.SERVICE_UNAVAILABLE,
                                Map.of("notice", "Your profile cannot be loaded right now. Please try again in a moment.")));
    }

    private Mono<ServerResponse> render(boolean signedIn, HttpStatus status, Map<String, Object> extra) {
        var model = new HashMap<String, Object>(extra);
        model.put("signedIn", signedIn);
        model.put("clerkConfigured", settings.configured());
        model.put("publishableKey", settings.publishableKey().orElse(""));
        model.put("clerkJsUrl", settings.clerkJsUrl().orElse(""));
        return RenderingResponse.create(VIEW).status(status).modelAttributes(model).build().cast(ServerResponse.class);
    }

    private static Map<String, String> profile(StoredUser user) {
        var profile = new HashMap<String, String>();
        profile.put("clerkId", user.userId().value());
        profile.put("name", user.name().orElse(null));
        profile.put("email", user.email().map(EmailAddress::value).orElse(null));
        return profile;
    }
}

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
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /}: the guide's page, rendered on the server. Signed out: a button that opens Clerk's
 * sign-in modal. Signed in: Clerk's user button and the profile as synced into our database. The
 * page renders whatever fails (Clerk's script, Clerk's API, our database) and says what is missing.
 */
@Controller
public class SignInPageController {

    /** The Thymeleaf template of the page. */
    static final String VIEW = "index";

    private final GetCurrentUserUseCase currentUser;
    private final SignInPageSettings settings;

    public SignInPageController(GetCurrentUserUseCase currentUser, SignInPageSettings settings) {
        this.currentUser = Objects.requireNonNull(currentUser, "currentUser must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<Rendering> page(ServerWebExchange exchange) {
        var lookup = SessionLookup.from(exchange);
        if (lookup.isUnavailable()) {
            return Mono.just(page(false, HttpStatus.SERVICE_UNAVAILABLE)
                    .modelAttribute("notice", "Your session cannot be checked right now. Please try again in a moment.")
                    .build());
        }
        var session = lookup.signedIn();
        if (session.isEmpty()) {
            return Mono.just(page(false, HttpStatus.OK).build());
        }
        return currentUser.currentUser(new GetCurrentUserCommand(session.get().userId()))
                .map(user -> page(true, HttpStatus.OK).modelAttribute("profile", profile(user)).build())
                .defaultIfEmpty(page(true, HttpStatus.OK)
                        .modelAttribute("notice", "This account no longer exists.").build())
                .onErrorResume(e -> e instanceof IdentityProviderUnavailableException
                                || e instanceof IdentityProviderCredentialsException
                                || e instanceof UserStoreUnavailableException,
                        e -> Mono.just(page(true, HttpStatus.SERVICE_UNAVAILABLE)
                                .modelAttribute("notice", "Your profile cannot be loaded right now. Please try again in a moment.")
                                .build()));
    }

    private Rendering.Builder<?> page(boolean signedIn, HttpStatus status) {
        var model = new HashMap<String, Object>();
        model.put("signedIn", signedIn);
        model.put("clerkConfigured", settings.configured());
        model.put("publishableKey", settings.publishableKey().orElse(""));
        model.put("clerkJsUrl", settings.clerkJsUrl().orElse(""));
        return Rendering.view(VIEW).model(model).status(status);
    }

    private static Map<String, String> profile(StoredUser user) {
        var profile = new HashMap<String, String>();
        profile.put("clerkId", user.userId().value());
        profile.put("name", user.name().orElse(null));
        profile.put("email", user.email().map(EmailAddress::value).orElse(null));
        return profile;
    }
}

package dev.clerksync.adapter.web;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the sign-in page once at startup. Thymeleaf initialises its engine and reads and parses a
 * template on its first render, with blocking reads from the class path (the runnable jar); on an
 * event loop that would stall every connection served by it (BlockHound reports it in the tests).
 * After this render the engine is initialised and the parsed template is in Thymeleaf's cache, so
 * requests only evaluate it.
 */
final class SignInPageWarmUp implements SmartInitializingSingleton {

    private final ITemplateEngine templates;

    SignInPageWarmUp(ITemplateEngine templates) {
        this.templates = Objects.requireNonNull(templates, "templates must not be null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        // The variables a signed-out visitor's page gets (SignInPageController), with Clerk not configured.
        templates.process(SignInPageController.VIEW, new Context(Locale.ROOT, Map.of(
                "signedIn", false,
                "clerkConfigured", false,
                "publishableKey", "",
                "clerkJsUrl", "")));
    }
}

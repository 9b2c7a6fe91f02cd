package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.InvalidClerkSettingException;
import dev.clerksync.adapter.clerk.SvixWebhookVerificationAdapter;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEvent;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEventSigner;
import dev.clerksync.adapter.clerk.testevent.ClerkTestEventType;
import dev.clerksync.adapter.clerk.testevent.SignedTestEvent;
import dev.clerksync.domain.model.ClerkUserId;
import dev.clerksync.domain.model.EmailAddress;
import dev.clerksync.domain.model.InvalidUserDataException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code java -jar clerksync.jar send-test-event user.created|user.updated|user.deleted [--user-id user_...]
 * [--email address] [--url URL]}: a first try of the webhook without Clerk, Svix or a tunnel. It
 * builds the event Clerk would send ({@link ClerkTestEvent}: Clerk's whole user object, updated now),
 * signs it with {@value SvixWebhookVerificationAdapter#SIGNING_SECRET_SETTING} as Svix does, posts it
 * to a running service and prints the answer.
 *
 * <p>It starts no Spring application: it needs neither the database nor a web server, only the
 * signing secret and the service's port, read as the service reads them (command-line
 * {@code --NAME=value}, then the environment, then {@code .env} in the working directory) so that both
 * sides share the secret without further setup.
 *
 * <p>Exit codes: {@value #OK} the service answered 2xx; {@value #FAILED} it answered anything else,
 * or could not be reached, or the secret is missing or unusable; {@value #USAGE} wrong arguments.
 */
final class SendTestEventCommandLine {

    static final String COMMAND = "send-test-event";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String WEBHOOK_PATH = "/api/webhooks/clerk";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The service answers within its own 5 s database bound; Svix waits 15 s. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    static final String USAGE_TEXT = """
            Usage: java -jar clerksync.jar send-test-event user.created|user.updated|user.deleted
                       [--user-id user_...] [--email address] [--url URL] [--SETTING=value ...]
              Signs a Clerk user event with CLERK_WEBHOOK_SIGNING_SECRET (environment or .env, as the
              service reads it) and posts it to a running service; prints the answer.
              --user-id  the user the event is about (default: a new user id, printed)
              --email    the user's primary email address (default: one made from the user id)
              --url      default http://localhost:${PORT:-8080}/api/webhooks/clerk
            Exit codes: 0 the service answered 2xx, 1 it did not (or could not be reached), 2 wrong arguments.""";

    private SendTestEventCommandLine() {
    }

    /** Whether the arguments ask for this command (the first argument that is not a {@code --} option). */
    static boolean isRequested(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                return arg.equals(COMMAND);
            }
        }
        return false;
    }

    /** What the command line asks for; the settings are {@code --NAME=value} arguments. */
    record Request(ClerkTestEventType type, Optional<ClerkUserId> userId, Optional<EmailAddress> email,
            Optional<URI> url, List<String> settings) {
    }

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        Request request;
        try {
            request = parse(args);
        } catch (UsageException e) {
            err.println(COMMAND + ": " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        ConfigurableEnvironment settings;
        try {
            settings = settings(request.settings());
        } catch (InvalidSettingException e) {
            err.println(COMMAND + " failed: " + e.getMessage());
            return FAILED;
        }
        return send(request, settings, out, err);
    }

    static Request parse(String[] args) throws UsageException {
        Optional<ClerkTestEventType> type = Optional.empty();
        Optional<ClerkUserId> userId = Optional.empty();
        Optional<EmailAddress> email = Optional.empty();
        Optional<URI> url = Optional.empty();
        List<String> settings = new ArrayList<>();
        boolean commandSeen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (option) {
                case "--user-id", "--email", "--url" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        value = args[++i];
                    } else {
                        throw new UsageException(option + " needs a value");
                    }
                    switch (option) {
                        case "--user-id" -> userId = Optional.of(userId(value));
                        case "--email" -> email = Optional.of(email(value));
                        default -> url = Optional.of(url(value));
                    }
                }
                default -> {
                    if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                        settings.add(arg);
                    } else if (!commandSeen && arg.equals(COMMAND)) {
                        commandSeen = true;
                    } else if (commandSeen && type.isEmpty() && !arg.startsWith("-")) {
                        type = Optional.of(ClerkTestEventType.of(arg).orElseThrow(() -> new UsageException(
                                "unknown event type " + arg + "; it is one of user.created, user.updated, user.deleted")));
                    } else {
                        throw new UsageException("unknown argument " + arg);
                    }
                }
            }
        }
        if (type.isEmpty()) {
            throw new UsageException("which event? user.created, user.updated or user.deleted");
        }
        return new Request(type.get(), userId, email, url, List.copyOf(settings));
    }

    private static ClerkUserId userId(String value) throws UsageException {
        try {
            var id = new ClerkUserId(value);
            if (!value.startsWith("user_")) {
                throw new UsageException("--user-id " + value + " is not a Clerk user id (user_...)");
            }
            return id;
        } catch (InvalidUserDataException e) {
            throw new UsageException("--user-id is not usable: " + e.getMessage());
        }
    }

    private static EmailAddress email(String value) throws UsageException {
        try {
            return new EmailAddress(value);
        } catch (InvalidUserDataException e) {
            throw new UsageException("--email is not usable: " + e.getMessage());
        }
    }

    private static URI url(String value) throws UsageException {
        try {
            var uri = new URI(value);
            var scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new UsageException("--url " + value + " is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--url " + value + " is not a URL");
        }
    }

    /**
     * The service's own order of settings: {@code --NAME=value} arguments, the environment, then
     * {@code .env} in the working directory (or {@value ClerkSyncEnvironmentPostProcessor#DOTENV_DIRECTORY}).
     */
    static ConfigurableEnvironment settings(List<String> arguments) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(arguments.toArray(String[]::new)));
        var directory = environment.getProperty(ClerkSyncEnvironmentPostProcessor.DOTENV_DIRECTORY, System.getProperty("user.dir"));
        ClerkSyncEnvironmentPostProcessor.addAfterEnvironment(environment, new MapPropertySource(
                ClerkSyncEnvironmentPostProcessor.DOTENV_SOURCE, ClerkSyncEnvironmentPostProcessor.dotenvValues(Path.of(directory))));
        return environment;
    }

    private static int send(Request request, ConfigurableEnvironment settings, PrintStream out, PrintStream err) {
        var secretSetting = SvixWebhookVerificationAdapter.SIGNING_SECRET_SETTING;
        var secret = Optional.ofNullable(settings.getProperty(secretSetting)).filter(value -> !value.isBlank());
        if (secret.isEmpty()) {
            err.println(COMMAND + " failed: " + secretSetting + " is not set. The service and this command must share it:"
                    + " set it in the environment or in .env in the working directory, and restart the service. For a try"
                    + " without Clerk any random secret will do, e.g.:\n  echo \"" + secretSetting
                    + "=whsec_$(head -c 32 /dev/urandom | base64)\" >> .env");
            return FAILED;
        }
        ClerkTestEventSigner signer;
        try {
            signer = new ClerkTestEventSigner(secret.get());
        } catch (InvalidClerkSettingException e) {
            err.println(COMMAND + " failed: " + e.getMessage());
            return FAILED;
        }
        URI url;
        try {
            url = request.url().isPresent() ? request.url().get() : defaultUrl(settings);
        } catch (UsageException e) {
            err.println(COMMAND + " failed: " + e.getMessage());
            return FAILED;
        }
        boolean newUser = request.userId().isEmpty();
        var userId = request.userId().orElseGet(ClerkTestEvent::newUserId);
        var now = Instant.now();
        SignedTestEvent signed = signer.sign(ClerkTestEvent.of(request.type(), userId, request.email(), now), now);
        out.println("Sending %s for %s%s (svix-id %s, %,d bytes) to %s".formatted(request.type(), userId,
                newUser ? " (a new user id)" : "", signed.messageId(),
                signed.event().body().getBytes(StandardCharsets.UTF_8).length, url));

        HttpResponse<String> response;
        try (var client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            var post = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(signed.event().body(), StandardCharsets.UTF_8));
            signed.headers().forEach(post::header);
            // The command's own main thread, with nothing else to do than wait for the answer.
            response = client.send(post.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println(COMMAND + " failed: nothing answers at " + url + " (" + (e instanceof ConnectException
                    ? "connection refused" : "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s")
                    + "). Start the service in another"
                    + " terminal (./mvnw -q -pl bootstrap -am compile spring-boot:run, or java -jar bootstrap/target/clerksync.jar),"
                    + " or pass --url.");
            return FAILED;
        } catch (HttpTimeoutException e) {
            err.println(COMMAND + " failed: " + url + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s.");
            return FAILED;
        } catch (IOException e) {
            err.println(COMMAND + " failed: " + url + " could not be reached: " + describe(e));
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(COMMAND + " failed: interrupted");
            return FAILED;
        }
        boolean accepted = response.statusCode() / 100 == 2;
        var answer = accepted ? out : err;
        answer.println("HTTP " + response.statusCode());
        answer.println(response.body());
        if (!accepted) {
            if (response.statusCode() == 400) {
                err.println("The service refused the signature: it was probably started with another " + secretSetting
                        + " (it reads it at startup; restart it after changing .env).");
            }
            return FAILED;
        }
        switch (request.type()) {
            case USER_CREATED -> out.println("Next: send-test-event user.updated --user-id " + userId
                    + " (then user.deleted --user-id " + userId + ")");
            case USER_UPDATED -> out.println("Next: send-test-event user.deleted --user-id " + userId);
            case USER_DELETED -> out.println("The user is a tombstone now: no later event about " + userId + " changes it.");
        }
        return OK;
    }

    private static URI defaultUrl(ConfigurableEnvironment settings) throws UsageException {
        var port = settings.getProperty("PORT", "8080").strip();
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw new NumberFormatException();
            }
            return URI.create("http://localhost:" + number + WEBHOOK_PATH);
        } catch (NumberFormatException e) {
            throw new UsageException("PORT is not a port number: " + port + "; pass --url");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

package dev.clerksync.bootstrap;

import dev.clerksync.adapter.clerk.backend.ClerkBackendApiAdapter;
import dev.clerksync.adapter.clerk.backend.ClerkBackendApiSettings;
import dev.clerksync.domain.model.IdentityProviderCredentialsException;
import dev.clerksync.domain.model.IdentityProviderUnavailableException;
import dev.clerksync.domain.model.MassDeletionRefusedException;
import dev.clerksync.domain.model.ReconcileAlreadyRunningException;
import dev.clerksync.domain.model.ReconcileMode;
import dev.clerksync.domain.model.ReconcileReport;
import dev.clerksync.domain.model.UserStoreUnavailableException;
import dev.clerksync.domain.port.in.ReconcileUsersCommand;
import dev.clerksync.domain.port.in.ReconcileUsersUseCase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar clerksync.jar reconcile [--dry-run]}: starts the application without a web
 * server (settings, database migration and wiring as for the service), reconciles once, prints
 * progress and a summary to {@code out}, and returns the exit code. Failures are one line on
 * {@code err}, starting with {@code reconcile failed:}.
 *
 * <p>Exit codes: {@value #OK} done; {@value #FAILED} failed (bad or missing settings, Clerk refused
 * the secret key or could not be used after retries, database unavailable); {@value #USAGE} unknown
 * arguments; {@value #ALREADY_RUNNING} another reconcile run (another instance's schedule, another
 * command) holds the lock, nothing was done.
 *
 * <p>{@code --name=value} arguments are settings, as for the service ({@code --DATABASE_URL=...}).
 */
final class ReconcileCommandLine {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileCommandLine.class);

    static final String COMMAND = "reconcile";
    static final String DRY_RUN = "--dry-run";
    static final String ALLOW_MASS_DELETION = "--allow-mass-deletion";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ALREADY_RUNNING = 3;

    /** Set while the application runs for the command: no schedule. */
    static final String COMMAND_LINE_PROPERTY = "clerksync.reconcile.command-line";

    static final String USAGE_TEXT = """
            Usage: java -jar clerksync.jar reconcile [--dry-run] [--SETTING=value ...]
              Makes the users table match Clerk's Backend API (CLERK_SECRET_KEY, CLERK_API_URL) and exits.
              --dry-run  change nothing; print what an applied run would create, update and delete
              --allow-mass-deletion  let an applied run tombstone more than a quarter of the stored users
                         (refused by default: that usually means the wrong Clerk instance)
            Exit codes: 0 done, 1 failed, 2 wrong arguments, 3 another reconcile run holds the lock.""";

    private ReconcileCommandLine() {
    }

    /**
     * Whether the arguments ask for this command: the first argument that is not a {@code --} option is
     * {@code reconcile} (options may come first: {@code spring-boot:run} puts the profile there).
     */
    static boolean isRequested(String[] args) {
        return firstCommand(args).filter(COMMAND::equals).isPresent();
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        var mode = ReconcileMode.APPLY;
        boolean allowMassDeletion = false;
        List<String> settings = new ArrayList<>();
        boolean commandSeen = false;
        for (String arg : args) {
            if (!commandSeen && arg.equals(COMMAND)) {
                commandSeen = true;
            } else if (arg.equals(DRY_RUN)) {
                mode = ReconcileMode.DRY_RUN;
            } else if (arg.equals(ALLOW_MASS_DELETION)) {
                allowMassDeletion = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE_TEXT);
                return OK;
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                settings.add(arg);
            } else {
                err.println("reconcile: unknown argument " + arg);
                err.println(USAGE_TEXT);
                return USAGE;
            }
        }
        ConfigurableApplicationContext context;
        try {
            context = application().run(settings.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("reconcile failed: the application could not start: " + startupFailure(e));
            return FAILED;
        }
        try (context) {
            return reconcile(context, mode, allowMassDeletion, out, err);
        }
    }

    private static SpringApplication application() {
        var application = new SpringApplication(ClerkSyncApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // A command prints a report, not a service log: only warnings and errors are logged.
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(COMMAND_LINE_PROPERTY, "true");
        defaults.put("spring.main.log-startup-info", "false");
        defaults.put("logging.level.root", "warn");
        // Its warning names every Clerk setting not set; the command names the one it needs, if missing.
        defaults.put("logging.level." + ClerkConfiguration.class.getName(), "error");
        application.setDefaultProperties(defaults);
        return application;
    }

    private static int reconcile(ConfigurableApplicationContext context, ReconcileMode mode, boolean allowMassDeletion,
            PrintStream out, PrintStream err) {
        if (context.getBean(ClerkBackendApiSettings.class).secretKey().isEmpty()) {
            err.println("reconcile failed: " + ClerkBackendApiSettings.SECRET_KEY_SETTING
                    + " is not set; the reconcile reads the users from Clerk's Backend API with it."
                    + " Set it in the environment or in .env (the Secret Key from the Clerk dashboard).");
            return FAILED;
        }
        var console = new ReconcileConsole(out, mode);
        ReconcileReport report;
        try {
            // This is the command's own main thread, not an event loop, and it has nothing else to do
            // than wait for the run: joining the future here blocks no reactive work.
            report = context.getBean(ReconcileUsersUseCase.class)
                    .reconcile(new ReconcileUsersCommand(mode, console::progress, allowMassDeletion))
                    .toFuture()
                    .join();
        } catch (CompletionException e) {
            Throwable failure = e.getCause() == null ? e : e.getCause();
            if (failure instanceof ReconcileAlreadyRunningException) {
                err.println("reconcile failed: " + failure.getMessage() + "; nothing was done. Try again when it has finished.");
                return ALREADY_RUNNING;
            }
            if (failure instanceof MassDeletionRefusedException refused) {
                err.println("reconcile refused: " + refused.getMessage() + ". Check that " + ClerkBackendApiSettings.SECRET_KEY_SETTING
                        + " and " + ClerkBackendApiSettings.API_URL_SETTING + " name this application's Clerk instance,"
                        + " look at a --dry-run, and run with " + ALLOW_MASS_DELETION + " if these users really are gone.");
                return FAILED;
            }
            err.println("reconcile failed: " + explain(failure));
            return FAILED;
        }
        console.summary(report, context.getBean(ClerkBackendApiAdapter.class).statistics());
        return OK;
    }

    private static String explain(Throwable failure) {
        if (failure instanceof IdentityProviderCredentialsException
                || failure instanceof IdentityProviderUnavailableException
                || failure instanceof UserStoreUnavailableException) {
            return failure.getMessage();
        }
        LOG.error("reconcile failed unexpectedly", failure);
        return "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static String startupFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Optional<String> firstCommand(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                return Optional.of(arg);
            }
        }
        return Optional.empty();
    }
}

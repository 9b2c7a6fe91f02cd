package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command's arguments; runs against real services are in {@link ReconcileEndToEndTest}. */
class ReconcileCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReconcileCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void isRequestedByItsNameEvenAfterOptionsAsSpringBootRunPutsTheProfileFirst() {
        assertThat(ReconcileCommandLine.isRequested(new String[] {"reconcile"})).isTrue();
        assertThat(ReconcileCommandLine.isRequested(new String[] {"--spring.profiles.active=local", "reconcile", "--dry-run"})).isTrue();
        assertThat(ReconcileCommandLine.isRequested(new String[] {})).isFalse();
        assertThat(ReconcileCommandLine.isRequested(new String[] {"--PORT=8081"})).isFalse();
        assertThat(ReconcileCommandLine.isRequested(new String[] {"serve", "reconcile"})).isFalse();
    }

    @Test
    void refusesAnUnknownArgumentWithTheUsageAndExitCode2() {
        assertThat(run("reconcile", "--dryrun")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument --dryrun", "Usage: java -jar clerksync.jar reconcile");
    }

    @Test
    void printsItsUsageOnRequest() {
        assertThat(run("reconcile", "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--dry-run", "Exit codes: 0 done, 1 failed");
    }
}

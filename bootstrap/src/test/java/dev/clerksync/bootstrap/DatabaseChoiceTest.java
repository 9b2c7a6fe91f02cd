package dev.clerksync.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL the service uses, and when it must refuse to choose. */
class DatabaseChoiceTest {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger rootChecks = new AtomicInteger();

    private BooleanSupplier localServer(boolean answers) {
        return () -> {
            probes.incrementAndGet();
            return answers;
        };
    }

    private BooleanSupplier root(boolean isRoot) {
        return () -> {
            rootChecks.incrementAndGet();
            return isRoot;
        };
    }

    @Test
    void aConfiguredDatabaseUrlIsUsedAndNothingLocalIsProbedEvenUnderTheLocalProfile() {
        var choice = DatabaseChoice.choose(Optional.of("postgresql://app@db.internal:6543/users"), true, 5432,
                localServer(false), root(true));

        assertThat(choice).isEqualTo(new DatabaseChoice.Configured(DatabaseUrl.parse("postgresql://app@db.internal:6543/users")));
        assertThat(probes).hasValue(0);
        assertThat(rootChecks).hasValue(0);
    }

    @Test
    void withoutDatabaseUrlOutsideTheLocalProfileItRefusesWithoutProbing() {
        assertThatThrownBy(() -> DatabaseChoice.choose(Optional.empty(), false, 5432, localServer(true), root(false)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("DATABASE_URL");
                    assertThat(e.getMessage()).startsWith("DATABASE_URL is not set.");
                });
        assertThat(probes).hasValue(0);
    }

    @Test
    void aLocalServerThatAnswersIsUsedWhateverTheUser() {
        var choice = DatabaseChoice.choose(Optional.empty(), true, 6432, localServer(true), root(true));

        assertThat(choice).isInstanceOfSatisfying(DatabaseChoice.LocalServer.class, local ->
                assertThat(local.url().toString()).isEqualTo("postgresql://postgres@127.0.0.1:6432/clerksync"));
        assertThat(rootChecks).hasValue(0);
    }

    @Test
    void withNoServerAnsweringANormalUserGetsTheEmbeddedServerOnThatPort() {
        var choice = DatabaseChoice.choose(Optional.empty(), true, 6432, localServer(false), root(false));

        assertThat(choice).isEqualTo(new DatabaseChoice.EmbeddedServer(6432));
        assertThat(((DatabaseChoice.EmbeddedServer) choice).url().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6432/clerksync");
    }

    @Test
    void withNoServerAnsweringRootIsToldWhyAndTheThreeWaysOut() {
        assertThatThrownBy(() -> DatabaseChoice.choose(Optional.empty(), true, 6432, localServer(false), root(true)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("DATABASE_URL");
                    assertThat(e.getMessage()).contains(
                            "no PostgreSQL server answers on 127.0.0.1:6432",
                            "runs as root, and PostgreSQL refuses to run as root",
                            "set DATABASE_URL to postgresql://",
                            "start a PostgreSQL server on 127.0.0.1:6432",
                            "run the command as a normal (non-root) user");
                });
    }

    @Test
    void theProbeSeesAListeningPortAndNotAClosedOne() throws IOException {
        int closedPort;
        try (var listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = freePort();
            assertThat(DatabaseChoice.answers("127.0.0.1", listening.getLocalPort(), PROBE_TIMEOUT)).isTrue();
        }
        assertThat(DatabaseChoice.answers("127.0.0.1", closedPort, PROBE_TIMEOUT)).isFalse();
    }

    @Test
    void theRootCheckAgreesWithTheOperatingSystem() throws Exception {
        var id = new ProcessBuilder("id", "-u").start();
        var uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(id.waitFor()).isZero();

        assertThat(DatabaseChoice.runningAsRoot()).isEqualTo(uid.equals("0"));
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

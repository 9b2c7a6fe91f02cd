package dev.clerksync.adapter.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own: a fresh cluster ({@code initdb}) in a private temporary data
 * directory, listening on a free loopback port, that the test may stop and start again (a database
 * outage that touches no one else's server). {@link #close()} stops it and deletes the directory.
 *
 * <pre>{@code
 * try (var cluster = PrivatePostgresCluster.start()) {
 *     String url = cluster.postgresqlUrl();   // postgresql://postgres@127.0.0.1:<port>/postgres
 *     cluster.stop(PrivatePostgresCluster.StopMode.IMMEDIATE);   // the outage
 *     cluster.start();                                            // back, same port, same data
 * }
 * }</pre>
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root, the server's programs run as the
 * unprivileged {@value #SERVER_USER} user ({@code runuser -u postgres --}), which owns the data
 * directory; otherwise they run as the current user. The programs are those of the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), or of the directory named by the
 * environment variable {@value #BIN_DIR_VARIABLE}. Without them, {@link #start()} fails loudly.
 *
 * <p>The cluster trusts local connections (no password) and runs with {@code fsync=off}: its data
 * only has to survive a server stop or crash, not a machine crash (the operating system keeps what
 * was written). Commits stay synchronous: an acknowledged transaction survives an immediate stop.
 */
public final class PrivatePostgresCluster implements AutoCloseable {

    /** Environment variable naming the directory with initdb, pg_ctl and postgres. */
    public static final String BIN_DIR_VARIABLE = "CLERKSYNC_TEST_POSTGRES_BIN";

    static final String SERVER_USER = "postgres";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** How {@code pg_ctl stop} ends the server. */
    public enum StopMode {
        /** Disconnects clients and shuts down cleanly. */
        FAST("fast"),
        /** Quits at once without a shutdown checkpoint, as a crash would; recovery runs at the next start. */
        IMMEDIATE("immediate");

        private final String pgCtlMode;

        StopMode(String pgCtlMode) {
            this.pgCtlMode = pgCtlMode;
        }
    }

    private final Path binDirectory;
    private final Path directory;
    private final Path dataDirectory;
    private final Path logFile;
    private final boolean runAsServerUser;
    private final int port;
    private volatile boolean running;

    private PrivatePostgresCluster(Path binDirectory, Path directory, boolean runAsServerUser, int port) {
        this.binDirectory = binDirectory;
        this.directory = directory;
        this.dataDirectory = directory.resolve("data");
        this.logFile = directory.resolve("postgresql.log");
        this.runAsServerUser = runAsServerUser;
        this.port = port;
    }

    /** Creates a new cluster on a free port and starts it. */
    public static PrivatePostgresCluster start() {
        var binDirectory = findBinDirectory();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory;
        try {
            directory = Files.createTempDirectory("clerksync-private-pg");
            if (root) {
                // The server user must be able to create its data directory and log file in it.
                var owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
                Files.setOwner(directory, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a private PostgreSQL cluster", e);
        }
        var cluster = new PrivatePostgresCluster(binDirectory, directory, root, freePort());
        try {
            cluster.initialize();
            cluster.startServer();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String username() {
        return SERVER_USER;
    }

    public boolean isRunning() {
        return running;
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}, the service's DATABASE_URL form. */
    public String postgresqlUrl() {
        return "postgresql://" + SERVER_USER + "@" + host() + ":" + port + "/postgres";
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port + "/postgres";
    }

    /** A JDBC connection to the cluster's {@code postgres} database; the caller closes it. */
    public Connection openJdbcConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), PostgresTestDatabase.credentials(SERVER_USER, ""));
    }

    /** Starts the stopped server again, on the same port and data. Returns once it accepts connections. */
    public synchronized void startAgain() {
        if (!running) {
            startServer();
        }
    }

    /** Stops the server; the data directory stays, for {@link #startAgain()}. */
    public synchronized void stop(StopMode mode) {
        if (running) {
            run(pgCtl("stop", "-D", dataDirectory.toString(), "-m", mode.pgCtlMode, "-w", "-t", "30"));
            running = false;
        }
    }

    /** Stops the server at once (if running) and deletes the cluster's directory. */
    @Override
    public synchronized void close() {
        try {
            if (running || Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                run(pgCtl("stop", "-D", dataDirectory.toString(), "-m", "immediate", "-w", "-t", "30"));
                running = false;
            }
        } catch (RuntimeException e) {
            System.err.println("could not stop the private PostgreSQL cluster in " + directory + ": " + e.getMessage());
        } finally {
            deleteRecursively(directory);
        }
    }

    /** The server's log so far, for failure messages. */
    public String serverLog() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "private PostgreSQL cluster on " + host() + ":" + port + " in " + dataDirectory;
    }

    private void initialize() {
        run(command(binDirectory.resolve("initdb").toString(), "-D", dataDirectory.toString(), "-U", SERVER_USER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
        var settings = String.join("\n",
                "",
                "# clerksync test cluster: loopback TCP only, on its own port, no Unix socket to collide with.",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "fsync = off",
                "full_page_writes = off",
                "shared_buffers = 16MB",
                "max_connections = 60",
                "");
        try {
            Files.writeString(dataDirectory.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure " + this, e);
        }
    }

    private void startServer() {
        run(pgCtl("start", "-D", dataDirectory.toString(), "-l", logFile.toString(), "-w", "-t", "30"));
        running = true;
    }

    private List<String> pgCtl(String... arguments) {
        var all = new ArrayList<String>();
        all.add(binDirectory.resolve("pg_ctl").toString());
        all.addAll(Arrays.asList(arguments));
        return command(all.toArray(String[]::new));
    }

    private List<String> command(String... program) {
        var command = new ArrayList<String>();
        if (runAsServerUser) {
            command.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        command.addAll(Arrays.asList(program));
        return command;
    }

    private void run(List<String> command) {
        try {
            var output = Files.createTempFile("clerksync-pg-command", ".log");
            try {
                // The started server inherits the output; a file (not a pipe) keeps pg_ctl from waiting on a reader.
                var process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + COMMAND_TIMEOUT + "\n" + Files.readString(output));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(output) + "\nserver log:\n" + serverLog());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The directory named by {@value #BIN_DIR_VARIABLE}, else Debian's newest; fails loudly when there is none. */
    static Path findBinDirectory() {
        var named = Optional.ofNullable(System.getenv(BIN_DIR_VARIABLE)).filter(value -> !value.isBlank()).map(Path::of);
        if (named.isPresent()) {
            if (!hasServerPrograms(named.get())) {
                throw new IllegalStateException(BIN_DIR_VARIABLE + " names " + named.get()
                        + ", which has no initdb and pg_ctl");
            }
            return named.get();
        }
        try (Stream<Path> versions = Files.isDirectory(DEBIAN_ROOT) ? Files.list(DEBIAN_ROOT) : Stream.empty()) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(PrivatePostgresCluster::hasServerPrograms)
                    .max(Comparator.comparing(bin -> versionNumber(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server programs (initdb, pg_ctl) for a"
                            + " private test cluster: install Debian's postgresql package (apt-get install postgresql)"
                            + " or set " + BIN_DIR_VARIABLE + " to the directory that holds them"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DEBIAN_ROOT, e);
        }
    }

    private static boolean hasServerPrograms(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a private PostgreSQL cluster", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left for the OS's temporary-file cleanup
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}

package dev.clerksync.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which PostgreSQL the service uses. A configured {@code DATABASE_URL} always wins and nothing local is
 * even probed. Without it only the README's run command (the {@code local} profile) may choose for
 * itself: the PostgreSQL server answering on the local port, else an embedded PostgreSQL, which
 * PostgreSQL refuses to run as root. Everything else refuses to start rather than guess where the
 * data should go, so a production deployment that forgot {@code DATABASE_URL} never writes to a
 * throwaway database.
 */
sealed interface DatabaseChoice {

    /** The local server's address, host and database as the README documents it; the port varies. */
    String LOCAL_HOST = "127.0.0.1";
    String LOCAL_DATABASE = "clerksync";
    String LOCAL_USER = "postgres";

    /** {@code DATABASE_URL} as the operator set it. */
    record Configured(DatabaseUrl url) implements DatabaseChoice {
    }

    /** A PostgreSQL server answers on the local port: use it (its {@code clerksync} database is created if missing). */
    record LocalServer(DatabaseUrl url) implements DatabaseChoice {
    }

    /** Nothing answers on the local port: start an embedded PostgreSQL listening there. */
    record EmbeddedServer(int port) implements DatabaseChoice {

        public DatabaseUrl url() {
            return localUrl(port);
        }
    }

    /**
     * @param databaseUrl       {@code DATABASE_URL}, if set and not blank
     * @param localProfile      whether the service runs as the README's run command
     * @param localPort         where a local PostgreSQL server is looked for (and the embedded one listens)
     * @param localServerAnswers asked only when {@code DATABASE_URL} is unset under the local profile
     * @param runningAsRoot     asked only when the embedded PostgreSQL would be needed
     * @throws InvalidSettingException naming {@code DATABASE_URL} and saying what to do, when no choice is allowed
     */
    static DatabaseChoice choose(Optional<String> databaseUrl, boolean localProfile, int localPort,
            BooleanSupplier localServerAnswers, BooleanSupplier runningAsRoot) {
        if (databaseUrl.isPresent()) {
            return new Configured(DatabaseUrl.parse(databaseUrl.get()));
        }
        if (!localProfile) {
            throw new InvalidSettingException(DatabaseUrl.SETTING,
                    "is not set. Set it to postgresql://user:password@host:5432/database "
                            + "(or run the service with the 'local' profile to use a local PostgreSQL server).");
        }
        if (localServerAnswers.getAsBoolean()) {
            return new LocalServer(localUrl(localPort));
        }
        if (runningAsRoot.getAsBoolean()) {
            throw new InvalidSettingException(DatabaseUrl.SETTING, "is not set and no PostgreSQL server answers on "
                    + LOCAL_HOST + ":" + localPort + ". The embedded PostgreSQL cannot stand in for it because this "
                    + "process runs as root, and PostgreSQL refuses to run as root. Do one of these: set "
                    + DatabaseUrl.SETTING + " to postgresql://user:password@host:5432/database; start a PostgreSQL "
                    + "server on " + LOCAL_HOST + ":" + localPort + "; or run the command as a normal (non-root) user.");
        }
        return new EmbeddedServer(localPort);
    }

    static DatabaseUrl localUrl(int port) {
        return DatabaseUrl.parse("postgresql://" + LOCAL_USER + "@" + LOCAL_HOST + ":" + port + "/" + LOCAL_DATABASE);
    }

    /** Whether something accepts TCP connections there; what it is, the first real connection tells. */
    static boolean answers(String host, int port, Duration timeout) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether this process runs as root (uid 0), which PostgreSQL's server refuses. Systems without
     * Unix user ids (Windows) count as not root.
     */
    static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | UnsupportedOperationException notUnix) {
            return false;
        }
    }
}

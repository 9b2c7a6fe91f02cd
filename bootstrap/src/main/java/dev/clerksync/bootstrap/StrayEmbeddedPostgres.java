package dev.clerksync.bootstrap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL of an earlier local run that was killed (SIGKILL, a crash) before it could
 * stop its server: {@code pg_ctl} detaches the server, so it outlives its JVM. Left alone it would
 * answer on the local port and be taken for a local server by every later run, and never stop. So
 * the local run stops it before looking for a server. A data directory whose lock (zonky's
 * {@code epg-lock}, held by the JVM whose server runs on it) is held belongs to a run that is still
 * alive, and is left alone. Plain JDK, so it works whether or not the embedded library is present.
 */
final class StrayEmbeddedPostgres {

    private static final String LIBRARY_LOCK_FILE = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private StrayEmbeddedPostgres() {
    }

    /**
     * Stops the server running on {@code dataDirectory} if the run that started it is gone.
     *
     * @return the stopped server's process id, if there was one
     * @throws InvalidSettingException naming {@code DATABASE_URL} when such a server does not stop in time
     */
    static Optional<Long> stopIfLeftBehind(Path dataDirectory) {
        var pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile) || !Files.isWritable(dataDirectory)) {
            return Optional.empty();
        }
        try (var channel = FileChannel.open(dataDirectory.resolve(LIBRARY_LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                return Optional.empty();
            }
            if (lock == null) {
                return Optional.empty();
            }
            try {
                return stop(pidFile, dataDirectory);
            } finally {
                lock.release();
            }
        } catch (IOException unreadable) {
            // Not ours to judge (another user's directory, a half-written file): the server start says more.
            return Optional.empty();
        }
    }

    private static Optional<Long> stop(Path pidFile, Path dataDirectory) throws IOException {
        var lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException notAPidFile) {
            return Optional.empty();
        }
        var server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false));
        if (server.isEmpty()) {
            return Optional.empty();
        }
        // SIGTERM: PostgreSQL's smart shutdown; its clients died with the earlier run.
        server.get().destroy();
        try {
            server.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            return Optional.of(pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notStopped(dataDirectory, pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw notStopped(dataDirectory, pid, e);
        }
    }

    private static InvalidSettingException notStopped(Path dataDirectory, long pid, Exception cause) {
        return new InvalidSettingException(DatabaseUrl.SETTING, "is not set, and the embedded PostgreSQL (pid " + pid
                + ") that an earlier run left running in " + dataDirectory + " did not stop within "
                + STOP_WAIT.toSeconds() + " s. Stop it (kill " + pid + "), or set " + DatabaseUrl.SETTING
                + " to postgresql://user:password@host:5432/database.", cause);
    }
}

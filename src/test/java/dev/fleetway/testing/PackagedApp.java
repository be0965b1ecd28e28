package dev.fleetway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged application as a separate process, the way an init container does: the native
 * executable when the build made one ({@code native.image.path}), otherwise the JVM build through
 * {@code bin/fleetway}, the launcher of the README and the JVM image (with the JVM running these tests). The
 * child gets only the environment given (plus PATH, HOME, LANG, TZ and JAVA_HOME).
 */
public final class PackagedApp {
    private PackagedApp() {
    }

    public static boolean isNative() {
        String nativeImage = System.getProperty("native.image.path", "");
        return !nativeImage.isBlank() && !nativeImage.contains("${") && Files.isExecutable(Path.of(nativeImage));
    }

    public static List<String> command() {
        if (isNative()) {
            return List.of(System.getProperty("native.image.path"));
        }
        return List.of(Path.of("bin", "fleetway").toAbsolutePath().toString());
    }

    /** The JVM build's {@code quarkus-run.jar}. */
    public static Path jar() {
        return Path.of(System.getProperty("fleetway.jar.path", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    /** The {@code java} of the JVM running the tests (the one {@code bin/fleetway} runs the JVM build with). */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * A started process whose output is drained from the start (a child that writes more than a pipe holds
     * would otherwise block while the test waits for it).
     */
    public static final class Running {
        private final Process process;
        private final String what;
        private final CompletableFuture<String> out;
        private final CompletableFuture<String> err;

        Running(Process process, String what) throws IOException {
            this.process = process;
            this.what = what;
            process.getOutputStream().close();
            this.out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            this.err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        }

        public Process process() {
            return process;
        }

        /** Waits at most {@code seconds} for the process to end; kills it and fails when it does not. */
        public CliResult await(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(what + " did not finish in " + seconds + "s");
            }
            return new CliResult(process.exitValue(), out.join(), err.join());
        }

        /** SIGKILL, as a node dying would; waits (at most 10 s) for the process to be gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static Running start(Map<String, String> env, Path workingDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("FLEETWAY_HOME", jar().getParent().toString());
        pb.environment().putAll(env);
        return new Running(pb.start(), "fleetway " + String.join(" ", args));
    }

    public static CliResult run(Map<String, String> env, Path workingDir, String... args)
            throws IOException, InterruptedException {
        return start(env, workingDir, args).await(120);
    }

    /** Drains the output of {@code p} and waits (at most 120 s) for it to end. */
    public static CliResult finish(Process p, String what) throws IOException, InterruptedException {
        return new Running(p, what).await(120);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

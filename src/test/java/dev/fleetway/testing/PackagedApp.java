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
 * executable when the build made one ({@code native.image.path}), otherwise {@code java -jar
 * target/quarkus-app/quarkus-run.jar}. The child gets only the environment given (plus PATH and HOME).
 */
public final class PackagedApp {
    private PackagedApp() {
    }

    public static List<String> command() {
        String nativeImage = System.getProperty("native.image.path", "");
        if (!nativeImage.isBlank() && !nativeImage.contains("${") && Files.isExecutable(Path.of(nativeImage))) {
            return List.of(nativeImage);
        }
        String jar = Path.of(System.getProperty("fleetway.jar.path", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().toString();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-jar", jar);
    }

    public static Process start(Map<String, String> env, Path workingDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
        pb.environment().putAll(env);
        return pb.start();
    }

    public static CliResult run(Map<String, String> env, Path workingDir, String... args)
            throws IOException, InterruptedException {
        return finish(start(env, workingDir, args), "fleetway " + String.join(" ", args));
    }

    /** Closes the process's input, collects both outputs and waits (at most 120 s) for it to end. */
    public static CliResult finish(Process p, String what) throws IOException, InterruptedException {
        p.getOutputStream().close();
        var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in 120s");
        }
        return new CliResult(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

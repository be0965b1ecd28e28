package dev.fleetway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.fleetway.FleetwayException;

/**
 * Reads a mounted directory of key-per-file configuration, the shape of a Kubernetes Secret or ConfigMap
 * volume: each regular file's name is a key (either a property such as {@code fleetway.default.url} or an
 * environment-style name such as {@code DB__PASSWORD}) and its content, less one trailing newline, the value.
 * Hidden entries (Kubernetes' {@code ..data} links) and files with a dot-extension that marks a document
 * ({@code .yaml}, {@code .yml}, {@code .json}, {@code .properties}) are skipped.
 */
public final class KeyPerFileDirectory {

    private KeyPerFileDirectory() {
    }

    /**
     * Reads the directory; an absent directory reads as empty.
     *
     * @throws FleetwayException (exit 2) when a file cannot be read
     */
    public static Map<String, String> read(Path dir) {
        Map<String, String> values = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return values;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || isDocument(name) || !Files.isRegularFile(file)) {
                    continue;
                }
                readText(file).ifPresent(v -> values.put(name, v.replaceFirst("\\r?\\n\\z", "")));
            }
        } catch (IOException e) {
            throw FleetwayException.usage("config directory " + dir + ": cannot read it ("
                    + e.getClass().getSimpleName() + ") — check the mount and its permissions");
        }
        return values;
    }

    /** A file that is not UTF-8 text (a keystore mounted beside the keys, say) is no setting: skipped. */
    private static java.util.Optional<String> readText(Path file) throws IOException {
        try {
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isDocument(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")
                || name.endsWith(".properties");
    }
}

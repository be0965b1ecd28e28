package dev.fleetway.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read just far enough for static checks: its instructions in order, with comments dropped
 * and continuation lines joined, split into stages at each {@code FROM}. Not a full parser (no variable
 * expansion, no heredocs), which the files under {@code docker/} do not need.
 */
record Dockerfile(Path file, String text, List<Stage> stages) {

    /** One instruction: the keyword in upper case and the rest of the line as written. */
    record Instruction(String keyword, String arguments) {
    }

    /** The instructions from one {@code FROM} up to the next; {@code name} is its {@code AS} name, or null. */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The last instruction of a kind, which is the one that counts for USER, ENTRYPOINT, CMD, WORKDIR. */
        String last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1).arguments();
        }
    }

    static Dockerfile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && logical.isEmpty())) {
                continue;
            }
            boolean continued = stripped.endsWith("\\");
            logical.append(continued ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (continued) {
                continue;
            }
            String instruction = logical.toString().strip();
            logical.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            Instruction parsed = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (parsed.keyword().equals("FROM")) {
                String[] from = parsed.arguments().split("\\s+");
                current = new ArrayList<>();
                boolean named = from.length == 3 && from[1].equalsIgnoreCase("AS");
                stages.add(new Stage(from[0], named ? from[2] : null, current));
            } else if (current == null) {
                throw new IllegalStateException(file + ": " + parsed.keyword() + " before the first FROM");
            } else {
                current.add(parsed);
            }
        }
        return new Dockerfile(file, text, List.copyOf(stages));
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no stage " + name));
    }
}

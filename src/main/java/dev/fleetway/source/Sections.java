package dev.fleetway.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/**
 * A file that holds both directions of a migration, split at its marker lines ({@code -- migrate:up} and
 * {@code -- migrate:down} in dbmate; configured markers in a custom layout). Each section runs from its marker line
 * (included: it is a comment) to the next marker or the end of the file. Only blank lines and {@code --} comments
 * may come before the up marker; one up and at most one down section per file.
 *
 * @param up the up section, preceded by one blank line per line of the file before it, so that the line numbers
 *        of errors are those of the file (blank lines change neither Flyway's checksum nor what runs)
 * @param down the down section, likewise; empty when the file has none
 * @param upMarker the up marker's line, for its options
 * @param downMarker the down marker's line; empty when there is none
 */
record Sections(String up, Optional<String> down, String upMarker, Optional<String> downMarker) {

    /**
     * Splits {@code file}.
     *
     * @param layout the layout's name, for messages
     * @throws FleetwayException (exit 4) naming the file and line when it has no up marker, a statement before it,
     *         a second up or down marker, or the down marker first
     */
    static Sections split(SourceFile file, Pattern upMarker, Pattern downMarker, String layout, String upWord,
            String downWord) {
        String text = file.content();
        List<Integer> starts = lineStarts(text);
        if (text.lines().noneMatch(l -> upMarker.matcher(l).matches())) {
            throw new FleetwayException(ExitCode.VALIDATION_FAILED, "migration file " + file.path() + " has no '"
                    + upWord + "' line, so Fleetway cannot tell what to apply (" + layout + " layout) — add '" + upWord
                    + "' above its statements (and '" + downWord + "' above the down part), or list it in"
                    + " fleetway.ignore-files if it is not a migration");
        }
        int up = -1;
        int down = -1;
        for (int line = 0; line < starts.size(); line++) {
            String content = line(text, starts, line);
            if (upMarker.matcher(content).matches()) {
                if (up >= 0) {
                    throw refused(file, line, "has a second '" + upWord + "' line; " + layout + " files are read with"
                            + " one up and one down section — split it into one file per migration");
                }
                up = line;
            } else if (downMarker.matcher(content).matches()) {
                if (up < 0) {
                    throw refused(file, line, "has '" + downWord + "' before '" + upWord + "' — put the up section"
                            + " first");
                }
                if (down >= 0) {
                    throw refused(file, line, "has a second '" + downWord + "' line — keep one down section");
                }
                down = line;
            } else if (up < 0 && !content.isBlank() && !content.strip().startsWith("--")) {
                throw refused(file, line, "has a statement before its '" + upWord + "' line, which would never run —"
                        + " move it below '" + upWord + "'");
            }
        }
        int upEnd = down < 0 ? text.length() : starts.get(down);
        String upSection = "\n".repeat(up) + text.substring(starts.get(up), upEnd);
        Optional<String> downSection = down < 0 ? Optional.empty()
                : Optional.of("\n".repeat(down) + text.substring(starts.get(down)));
        return new Sections(upSection, downSection, line(text, starts, up),
                down < 0 ? Optional.empty() : Optional.of(line(text, starts, down)));
    }

    private static FleetwayException refused(SourceFile file, int line, String what) {
        return new FleetwayException(ExitCode.VALIDATION_FAILED, "migration file " + file.path() + " (line "
                + (line + 1) + ") " + what);
    }

    /** Where each line starts; a line ends at {@code \n}, {@code \r\n} or {@code \r}. */
    private static List<Integer> lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            }
            if ((c == '\n' || c == '\r') && i + 1 < text.length()) {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /** Line {@code line}'s text, without its line break. */
    private static String line(String text, List<Integer> starts, int line) {
        int end = line + 1 < starts.size() ? starts.get(line + 1) : text.length();
        String s = text.substring(starts.get(line), end);
        return s.replaceAll("[\r\n]+$", "");
    }
}

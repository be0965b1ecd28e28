package dev.fleetway.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown the generated reference pages are written in: escaping of plain text, table rows, and the prose
 * of picocli descriptions (written for a terminal) with their command-line words set as code. Pure functions.
 */
public final class Markdown {
    private static final String SPECIAL = "\\`*<>[]|";
    /** Shell-like words in a description: options, file patterns, variables, paths, settings. */
    /** Text in single quotes, such as {@code 'fleetway repair'}: not an apostrophe inside a word. */
    private static final Pattern QUOTED = Pattern.compile("(?<=^|[\\s(])'([^'`]+)'(?=$|[\\s).,;:])");
    private static final Pattern TECHNICAL = Pattern.compile("-{1,2}[A-Za-z].*|.*[<>_*=/$|].*|(fleetway|quarkus)\\..+");

    private Markdown() {
    }

    /**
     * Plain text with every character Markdown could read as markup backslash-escaped: {@code \ ` * < > [ ] |},
     * and {@code _} unless it stands between two letters or digits (where GitHub never reads it as emphasis).
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean inWord = i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
                    && Character.isLetterOrDigit(text.charAt(i + 1));
            if (SPECIAL.indexOf(c) >= 0 || c == '_' && !inWord) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code text} as a code span; a {@code |} is escaped as well, as a table cell needs it. */
    public static String code(String text) {
        if (text.contains("`")) {
            throw new IllegalArgumentException("no backtick in a code span: " + text);
        }
        return "`" + text.replace("|", "\\|") + "`";
    }

    /** One table row; each cell is already Markdown and must hold no line break. */
    public static String row(List<String> cells) {
        for (String cell : cells) {
            if (cell.contains("\n")) {
                throw new IllegalArgumentException("a table cell holds a line break: " + cell);
            }
        }
        return "| " + String.join(" | ", cells) + " |";
    }

    /** The header row and the delimiter row of a table. */
    public static String header(String... titles) {
        return row(List.of(titles)) + "\n|" + "---|".repeat(titles.length);
    }

    /**
     * A sentence of a description as Markdown: words that read as command line (options such as {@code --all},
     * patterns such as {@code U<version>__*.sql}, variables, paths, {@code fleetway.*} settings) and text in single
     * quotes ({@code 'migrate --revert'}) become code spans, the rest is escaped. Surrounding brackets, quotes and
     * punctuation stay outside the code span.
     */
    public static String prose(String sentence) {
        StringBuilder out = new StringBuilder();
        Matcher quoted = QUOTED.matcher(sentence);
        int at = 0;
        while (quoted.find()) {
            out.append(words(sentence.substring(at, quoted.start()))).append(code(quoted.group(1)));
            at = quoted.end();
        }
        return out.append(words(sentence.substring(at))).toString();
    }

    private static String words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ", -1)) {
            int start = 0;
            int end = word.length();
            while (start < end && "(\"'".indexOf(word.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && ").,;:'\"".indexOf(word.charAt(end - 1)) >= 0) {
                end--;
            }
            String core = word.substring(start, end);
            boolean technical = core.chars().anyMatch(Character::isLetterOrDigit) && TECHNICAL.matcher(core).matches()
                    && !core.contains("`");
            words.add(escape(word.substring(0, start)) + (technical ? code(core) : escape(core))
                    + escape(word.substring(end)));
        }
        return String.join(" ", words);
    }

    /**
     * The lines of a picocli description as Markdown blocks: consecutive lines are joined into one paragraph
     * (they were broken for an 80-column terminal), while lines indented by two spaces, such as a command to
     * type, become a code block.
     */
    public static List<String> paragraphs(String[] lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        List<String> verbatim = new ArrayList<>();
        for (String raw : lines) {
            for (String line : raw.replace("%n", "\n").replace("%%", "%").split("\n")) {
                if (line.startsWith("  ")) {
                    flush(blocks, paragraph);
                    verbatim.add(line.strip());
                } else if (line.isBlank()) {
                    flush(blocks, paragraph);
                    flushCode(blocks, verbatim);
                } else {
                    flushCode(blocks, verbatim);
                    // a terminal line break inside a word list ("…/ignored/" + "below-baseline)") joins tightly
                    boolean tight = paragraph.length() > 0 && paragraph.charAt(paragraph.length() - 1) == '/';
                    paragraph.append(paragraph.length() == 0 || tight ? "" : " ").append(line.strip());
                }
            }
        }
        flush(blocks, paragraph);
        flushCode(blocks, verbatim);
        return blocks;
    }

    private static void flush(List<String> blocks, StringBuilder paragraph) {
        if (paragraph.length() > 0) {
            blocks.add(prose(paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private static void flushCode(List<String> blocks, List<String> verbatim) {
        if (!verbatim.isEmpty()) {
            blocks.add("```text\n" + String.join("\n", verbatim) + "\n```");
            verbatim.clear();
        }
    }
}

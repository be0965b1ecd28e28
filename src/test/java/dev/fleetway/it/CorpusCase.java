package dev.fleetway.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code bad-inputs.tsv}: a run of the packaged app and what it must end with.
 *
 * <p>Columns, tab-separated: id, fixture, arguments, extra environment, exit code, expectation. Arguments and
 * environment are split on blanks with single or double quotes grouping; {@code -} means none. An environment
 * token {@code KEY=VALUE} sets a variable over the fixture's, {@code !KEY} removes one. {@code ${NAME}} is
 * replaced by the fixture's value of NAME (see {@link CorpusFixture}) in arguments, environment and expectation.
 *
 * <p>The expectation is terms joined by {@code " && "}; a term starting with {@code !} must be absent. With a
 * non-zero exit code the terms are matched against the single {@code error: } line; with exit code 0, against
 * stdout. {@code usage:TEXT} marks a usage case: help text containing TEXT is expected on stdout or stderr
 * instead of a single error line.
 *
 * @param line line number in the file, for messages
 */
record CorpusCase(int line, String id, String fixture, List<String> args, List<String> env, int exitCode,
        boolean usage, List<String> expect) {

    static final String RESOURCE = "/bad-inputs.tsv";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    /** Reads every case of the corpus, in file order. */
    static List<CorpusCase> load() throws IOException {
        try (InputStream in = CorpusCase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses the corpus text.
     *
     * @throws IllegalArgumentException naming the line, for a malformed line or a duplicate id
     */
    static List<CorpusCase> parse(String text) {
        List<CorpusCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                continue;
            }
            String[] cols = raw.split("\t");
            if (cols.length != 6) {
                throw new IllegalArgumentException(RESOURCE + " line " + (i + 1) + ": expected 6 tab-separated"
                        + " columns, found " + cols.length);
            }
            String id = cols[0].strip();
            if (!ids.add(id)) {
                throw new IllegalArgumentException(RESOURCE + " line " + (i + 1) + ": duplicate id " + id);
            }
            String expectation = cols[5].strip();
            boolean usage = expectation.startsWith("usage:");
            if (usage) {
                expectation = expectation.substring("usage:".length());
            }
            cases.add(new CorpusCase(i + 1, id, cols[1].strip(), words(cols[2]), words(cols[3]),
                    Integer.parseInt(cols[4].strip()), usage, List.of(expectation.split(" && "))));
        }
        return cases;
    }

    /** Blank-separated words; quotes group and are dropped; a lone {@code -} is no words at all. */
    static List<String> words(String column) {
        String text = column.strip();
        List<String> words = new ArrayList<>();
        if (text.equals("-")) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in: " + column);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Replaces every {@code ${NAME}} in {@code text}.
     *
     * @throws IllegalArgumentException for a name {@code values} does not have
     */
    static String expand(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "}; known: "
                        + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** How the case reads in a test report: {@code id [fixture]: args}. */
    String title() {
        return id + " [" + fixture + "]: " + String.join(" ", args);
    }
}

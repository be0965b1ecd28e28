package dev.fleetway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The operator's answers to {@code --step}'s questions. {@link #system()} is the one place that decides
 * whether Fleetway talks to a person: only when {@link System#console()} exists, i.e. standard input and output
 * are both a terminal. Tests build one over their own input instead.
 */
final class Prompt {
    private final InputStream in;
    private final boolean interactive;
    private BufferedReader reader;

    /** @param interactive whether a person is there to answer (false refuses {@code --step}) */
    Prompt(InputStream in, boolean interactive) {
        this.in = in;
        this.interactive = interactive;
    }

    /** Standard input, interactive when the process runs on a terminal. */
    static Prompt system() {
        return new Prompt(System.in, System.console() != null);
    }

    boolean interactive() {
        return interactive;
    }

    /**
     * Writes {@code question} to {@code out} and reads one line of answer.
     *
     * @return the answer, stripped and in lower case; null at the end of the input
     */
    synchronized String ask(PrintWriter out, String question) throws IOException {
        out.print(question);
        out.flush();
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
        }
        String line = reader.readLine();
        if (line == null) {
            out.println();
            out.flush();
            return null;
        }
        return line.strip().toLowerCase(java.util.Locale.ROOT);
    }
}

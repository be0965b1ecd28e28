package dev.fleetway.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Renders a {@link LintReport} as stable JSON: counts first, then the findings in {@link Finding#ORDER}, fields
 * in the order {@link Finding} declares, two-space indentation and {@code \n} line ends on every platform, so the
 * same migrations always give the same bytes.
 */
public final class LintJson {
    private static final ObjectWriter WRITER = new ObjectMapper()
            .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private LintJson() {
    }

    /** The report as JSON, without a trailing newline. */
    public static String render(LintReport report) {
        try {
            return WRITER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the lint report as JSON", e);
        }
    }
}

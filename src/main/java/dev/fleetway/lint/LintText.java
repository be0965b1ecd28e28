package dev.fleetway.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders findings as text, one line each, compiler style, followed by a summary line:
 * <pre>
 * migrations/V3__x.sql:12: error [drop-column] &lt;reason&gt; — &lt;fix&gt;
 * migrations/V3__x.sql:20: allowed [drop-table] &lt;reason&gt;: &lt;suppression reason&gt;
 * 1 error, 0 warnings, 0 infos, 1 suppressed
 * </pre>
 */
public final class LintText {
    private LintText() {
    }

    /** The lines to print, in {@link Finding#ORDER}; a clean run renders as the summary line alone. */
    public static List<String> render(List<Finding> findings) {
        LintReport report = new LintReport(findings);
        List<String> lines = new ArrayList<>();
        for (Finding f : report.findings()) {
            String where = f.file() + ":" + f.line() + ": ";
            if (f.suppressed()) {
                String why = f.suppressionReason().isEmpty() ? "(no reason given)" : f.suppressionReason();
                lines.add(where + "allowed [" + f.rule() + "] " + f.reason() + ": " + why);
            } else {
                lines.add(where + f.severity().label() + " [" + f.rule() + "] " + f.reason() + " — " + f.fix());
            }
        }
        lines.add(plural(report.errors(), "error") + ", " + plural(report.warnings(), "warning") + ", "
                + plural(report.infos(), "info") + ", " + report.suppressed() + " suppressed");
        return List.copyOf(lines);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

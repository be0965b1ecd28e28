package dev.fleetway.report;

import java.util.List;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;

/** Renders an {@link AuditReport} as a table for people. */
public final class AuditTable {
    private AuditTable() {
    }

    public static String render(AuditReport report) {
        String table = AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, report.targets(), List.of(
                col("TARGET").with(AuditRow::target),
                col("KIND").with(AuditRow::kind),
                col("DATABASE").with(AuditRow::database),
                col("SCHEMA").with(AuditRow::schema),
                col("LABELS").with(r -> r.labels().isEmpty() ? "-" : labels(r.labels())),
                col("VERSION").with(r -> text(r.currentVersion())),
                col("PENDING").with(r -> text(r.pending())),
                col("FAILED").with(r -> text(r.failed())),
                col("MISSING").with(r -> text(r.missingInSource())),
                col("MISMATCH").with(r -> text(r.checksumMismatches())),
                col("GRANTS").with(r -> r.appUserGrantsOk() == null ? "-" : r.appUserGrantsOk() ? "ok" : "MISSING"),
                col("STATUS").with(r -> r.status().label())));
        StringBuilder out = new StringBuilder(table);
        report.targets().stream().filter(r -> r.error() != null)
                .forEach(r -> out.append(System.lineSeparator()).append(r.target()).append(": ").append(r.error()));
        out.append(System.lineSeparator()).append(report.summary().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse(""));
        return out.toString();
    }

    private static Column col(String name) {
        return new Column().header(name).headerAlign(HorizontalAlign.LEFT).dataAlign(HorizontalAlign.LEFT);
    }

    /** {@code plan=enterprise,region=eu}. */
    public static String labels(java.util.Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}

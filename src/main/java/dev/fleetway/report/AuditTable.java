package dev.fleetway.report;

import java.util.ArrayList;
import java.util.List;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;

/** Renders an {@link AuditReport} as a table for people. */
public final class AuditTable {
    private AuditTable() {
    }

    /** The table; with a DRIFT column when a row has one ({@code audit --drift}). */
    public static String render(AuditReport report) {
        List<ColumnData<AuditRow>> columns = new ArrayList<>(List.of(
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
        if (report.targets().stream().anyMatch(r -> r.drift() != null)) {
            columns.add(col("DRIFT").with(r -> r.drift() == null ? "-" : r.drift().text()));
        }
        String table = AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, report.targets(), columns);
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

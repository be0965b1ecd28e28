package dev.fleetway.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;

/** Renders a {@link TargetStatus} as the table {@code status} prints for people. */
public final class StatusTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private StatusTable() {
    }

    public static String render(TargetStatus status) {
        String header = "Target " + status.target() + " (" + status.kind() + "): database " + status.database()
                + ", schema " + status.schema() + ", current version "
                + (status.currentVersion() == null ? "none" : status.currentVersion());
        String table = AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, status.migrations(), List.of(
                column("VERSION").with(r -> orDash(r.version())),
                column("DESCRIPTION").maxWidth(40).with(MigrationRow::description),
                column("TYPE").with(r -> r.type().label()),
                column("SOURCE").with(r -> r.source().label()),
                column("DATABASE").with(r -> r.database().label()),
                column("INSTALLED ON").with(r -> r.installedOn() == null ? "-" : WHEN.format(r.installedOn())),
                column("CHECKSUM").with(r -> r.checksum() == null ? "-" : r.checksum().label())));
        String summary = status.pending() + " pending, " + status.failed() + " failed, " + status.missingInSource()
                + " missing in source, " + status.checksumMismatches() + " checksum mismatch(es)";
        return header + System.lineSeparator() + table + System.lineSeparator() + summary;
    }

    private static Column column(String name) {
        return new Column().header(name).headerAlign(HorizontalAlign.LEFT).dataAlign(HorizontalAlign.LEFT);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}

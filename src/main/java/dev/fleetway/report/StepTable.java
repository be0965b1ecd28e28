package dev.fleetway.report;

import java.util.List;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;

/** Renders the steps of an interactive {@code migrate --step} run as the table shown before the first prompt. */
public final class StepTable {
    private StepTable() {
    }

    public static String render(List<PlannedStep> steps) {
        return AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, steps, List.of(
                column("VERSION").with(s -> s.version().isEmpty() ? "-" : s.version()),
                column("TYPE").with(s -> s.type().label()),
                column("NAME").maxWidth(48).with(PlannedStep::name),
                column("SOURCE").with(s -> s.source().label()),
                column("DATABASE").with(s -> s.database().label())));
    }

    private static Column column(String name) {
        return new Column().header(name).headerAlign(HorizontalAlign.LEFT).dataAlign(HorizontalAlign.LEFT);
    }
}

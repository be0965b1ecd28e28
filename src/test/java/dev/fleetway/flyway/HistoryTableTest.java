package dev.fleetway.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The error a failed history row carries in its description: written by one method, read back by another. */
class HistoryTableTest {

    @Test
    void theRecordedErrorIsReadBackFromTheDescription() {
        String description = HistoryTable.withError("add notes",
                "ERROR: relation \"notes\" already exists (SQLSTATE 42P07) at line 1");
        assertThat(description).isEqualTo("add notes [failed: ERROR: relation \"notes\" already exists (SQLSTATE 42P07)"
                + " at line 1]");
        assertThat(HistoryTable.recordedError(description))
                .contains("ERROR: relation \"notes\" already exists (SQLSTATE 42P07) at line 1");
    }

    @Test
    void aLongErrorIsCutToTheColumnAndReadBackCut() {
        String description = HistoryTable.withError("backfill", "x".repeat(300));
        assertThat(description).hasSize(200).endsWith("x…]");
        assertThat(HistoryTable.recordedError(description)).hasValueSatisfying(e -> assertThat(e)
                .hasSize(200 - "backfill [failed: ".length() - 1).endsWith("x…"));
    }

    @Test
    void anErrorThatQuotesTheMarkerIsReadWhole() {
        String description = HistoryTable.withError("odd", "near \" [failed: \" at line 2");
        assertThat(HistoryTable.recordedError(description)).contains("near \" [failed: \" at line 2");
    }

    @Test
    void otherDescriptionsCarryNoError() {
        assertThat(HistoryTable.recordedError("add notes")).isEmpty();
        assertThat(HistoryTable.recordedError("list [draft]")).isEmpty();
        assertThat(HistoryTable.recordedError(null)).isEmpty();
    }
}

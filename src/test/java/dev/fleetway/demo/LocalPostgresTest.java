package dev.fleetway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;

/** The demo's throwaway server, from the installed binaries (the bundled one is covered by {@code it.DemoIT}). */
class LocalPostgresTest {

    @Test
    void aServerAnswersItsSuperuserAndClosingItLeavesNeitherDirectoryNorProcess() throws Exception {
        LocalPostgres pg = LocalPostgres.start(Optional.empty(), false);
        Path dir = pg.directory();
        try {
            assertThat(dir.getFileName().toString()).startsWith("fleetway-demo-");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.server().superuser(),
                    pg.server().password()); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), inet_server_addr()::text")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("off");
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1/32");
            }
            assertThat(postmasters(dir)).isEqualTo(1);
        } finally {
            pg.close();
        }
        assertThat(dir).doesNotExist();
        assertThat(postmasters(dir)).isZero();
        pg.close(); // a second close (the shutdown hook's) is a no-op
    }

    @Test
    void aPgBinWithoutTheServerProgramsIsAUsageErrorThatNamesIt(@TempDir Path empty) {
        assertThatThrownBy(() -> LocalPostgres.start(Optional.of(empty), false))
                .isInstanceOf(FleetwayException.class)
                .hasMessage("--pg-bin " + empty + " has no initdb and pg_ctl — point it at the bin directory of a"
                        + " PostgreSQL server installation")
                .satisfies(e -> assertThat(((FleetwayException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    /** Running postmasters whose data directory is under {@code dir}. */
    private static long postmasters(Path dir) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
                return cmdline.contains("-D\0" + dir.resolve("data"));
            } catch (Exception e) {
                return false;
            }
        }).count();
    }
}

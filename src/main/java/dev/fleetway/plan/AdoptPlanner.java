package dev.fleetway.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Connector;
import dev.fleetway.db.Credentials;
import dev.fleetway.flyway.ExpectedHistory;
import dev.fleetway.flyway.HistoryTable;
import dev.fleetway.flyway.TargetSession;
import dev.fleetway.report.MigrationState;
import dev.fleetway.report.TargetStatus;
import dev.fleetway.source.MigrationFile;
import dev.fleetway.tenant.Target;

/**
 * Read-only: turns the state another tool recorded in a target into the {@link AdoptPlan} of the Fleetway history
 * that records the same migrations, one successful row per applied up script, as Flyway would have written them;
 * so that the next {@code upgrade} applies only what is newer.
 * <p>
 * It refuses, before anything changes, naming the target and the fix (exit 4): a dirty or failed recorded state, a
 * recorded version that has no up script, a script that is not recorded while a newer one is (Flyway applies in
 * order and would never run it), a sqlx checksum that differs from the file, and a Fleetway history that differs
 * from what it would write. A history that already holds exactly those rows, perhaps followed by newer migrations
 * Fleetway applied since, is adopted already: nothing to do, so running {@code adopt} again (on every deploy, or
 * from several runners) is safe.
 */
public final class AdoptPlanner {
    private AdoptPlanner() {
    }

    /**
     * The plan of one target, read on {@code session} (which holds the target's lock unless it is a dry run's).
     *
     * @param connector opens Hasura's metadata database when it is another one
     * @throws FleetwayException (exit 4) for the refusals above; (exit 2) for a state table of another tool's shape,
     *         or a failing {@code --from-query}
     */
    public static AdoptPlan plan(TargetSession session, AdoptSource source, Connector connector) throws SQLException {
        Target target = session.target();
        Connection c = session.connection();
        Optional<List<HistoryTable.Row>> history = session.history().rows(c);
        if (source.tool() == AdoptSource.Tool.FLYWAY && source.table().map(t -> StateTables.Table.of(t,
                target.schema())).orElse(new StateTables.Table(target.schema(), session.history().name()))
                .equals(new StateTables.Table(target.schema(), session.history().name()))) {
            return ownHistory(session, source, history);
        }
        RecordedState state = read(session, source, connector);
        String described = state.where() + ": " + state.summary();
        List<MigrationFile> versioned = session.flyways().source().files().stream()
                .filter(f -> f.kind() == MigrationFile.Kind.VERSIONED)
                .sorted(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version().orElseThrow()))).toList();
        if (!state.found()) {
            if (history.isPresent()) { // Fleetway's already, e.g. a tenant Fleetway installed after the take-over
                return new AdoptPlan(target, source.label(), described, AdoptPlan.Kind.ALREADY_ADOPTED, false,
                        List.of(), newest(history.get()).orElse(null), pending(versioned, history.get()));
            }
            long objects = SchemaInspector.objectCount(c, target.schema(), session.history().name());
            if (objects > 0) {
                throw refused(target, "no " + source.label() + " state was found (" + state.where() + "), but schema '"
                        + target.schema() + "' has " + objects + " table(s)/view(s)/sequence(s) — check --from (and"
                        + " --state-table), or adopt it with 'fleetway baseline --version V'");
            }
            return new AdoptPlan(target, source.label(), described, AdoptPlan.Kind.NOTHING, false, List.of(), null, 0);
        }
        List<MigrationFile> applied = applied(target, source, state, versioned);
        ExpectedHistory expected = session.flyways().expectedHistory();
        List<HistoryTable.Adopted> rows = applied.stream().map(f -> {
            String version = MigrationVersion.fromVersion(f.version().orElseThrow()).getVersion();
            return new HistoryTable.Adopted(version, f.description(), f.script(), expected.versioned().get(version));
        }).toList();
        String version = rows.isEmpty() ? null : rows.get(rows.size() - 1).version();
        int pending = versioned.size() - applied.size();
        if (history.isEmpty() || history.get().isEmpty() && !rows.isEmpty()) {
            return new AdoptPlan(target, source.label(), described, AdoptPlan.Kind.WRITE, history.isEmpty(), rows,
                    version, pending);
        }
        requireSameHistory(target, source, history.get(), rows);
        return new AdoptPlan(target, source.label(), described, AdoptPlan.Kind.ALREADY_ADOPTED, false, List.of(),
                newest(history.get()).orElse(version), pending(versioned, history.get()));
    }

    private static RecordedState read(TargetSession session, AdoptSource source, Connector connector)
            throws SQLException {
        Target target = session.target();
        StateTables tables = new StateTables(session.connection(), target);
        StateTables.Table table = StateTables.Table.of(source.table().orElse(source.tool().defaultTable() == null
                ? "" : source.tool().defaultTable()), target.schema());
        return switch (source.tool()) {
            case GOLANG_MIGRATE -> tables.golangMigrate(table);
            case DBMATE -> tables.dbmate(table);
            case SQLX -> tables.sqlx(table);
            case FLYWAY -> tables.flyway(table);
            case QUERY -> tables.query(source.query().orElseThrow());
            case HASURA -> hasura(session, source, connector);
        };
    }

    private static RecordedState hasura(TargetSession session, AdoptSource source, Connector connector)
            throws SQLException {
        Target target = session.target();
        String name = source.hasuraSource().replace("{tenant}", target.id());
        if (source.hasuraMetadata().isEmpty()) {
            return HasuraState.read(session.connection(), target, name, "the target's database");
        }
        ConnectionString where = source.hasuraMetadata().get();
        Credentials login = target.migrationLogin();
        Credentials credentials = new Credentials(where.user().orElse(login.username()),
                where.password().orElse(where.user().isPresent() ? "" : login.password()));
        String who = "Hasura metadata database (db " + where.database() + " on " + where.hosts() + ")";
        try (Connection metadata = connector.connect(where, credentials, who)) {
            return HasuraState.read(metadata, target, name, "db " + where.database() + " on " + where.hosts());
        }
    }

    /** The up scripts the state records as applied, in version order. */
    private static List<MigrationFile> applied(Target target, AdoptSource source, RecordedState state,
            List<MigrationFile> versioned) {
        List<MigrationFile> applied = new ArrayList<>();
        if (state.upTo().isPresent()) {
            MigrationVersion upTo = MigrationVersion.fromVersion(state.upTo().get());
            fileOf(target, source, state, versioned, state.upTo().get());
            versioned.stream().filter(f -> !MigrationVersion.fromVersion(f.version().orElseThrow()).isNewerThan(upTo))
                    .forEach(applied::add);
        } else {
            for (RecordedState.Entry entry : state.applied()) {
                MigrationFile file = fileOf(target, source, state, versioned, entry.version());
                entry.sha384().ifPresent(recorded -> requireSha384(target, file, recorded));
                if (!applied.contains(file)) {
                    applied.add(file);
                }
            }
            applied.sort(Comparator.comparing(f -> MigrationVersion.fromVersion(f.version().orElseThrow())));
        }
        if (!applied.isEmpty()) {
            MigrationFile newest = applied.get(applied.size() - 1);
            MigrationVersion top = MigrationVersion.fromVersion(newest.version().orElseThrow());
            versioned.stream().filter(f -> !applied.contains(f))
                    .filter(f -> top.isNewerThan(MigrationVersion.fromVersion(f.version().orElseThrow()))).findFirst()
                    .ifPresent(gap -> {
                        throw refused(target, gap.script() + " (version " + gap.version().orElseThrow() + ") is not"
                                + " recorded as applied by " + source.label() + " (" + state.where() + "), but the newer"
                                + " version " + newest.version().orElseThrow() + " is; Flyway applies versions in order"
                                + " and would never apply it — apply it with " + source.label() + " first (or give it a"
                                + " version above " + newest.version().orElseThrow() + "), then adopt again");
                    });
        }
        return applied;
    }

    private static MigrationFile fileOf(Target target, AdoptSource source, RecordedState state,
            List<MigrationFile> versioned, String version) {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        return versioned.stream().filter(f -> MigrationVersion.fromVersion(f.version().orElseThrow()).equals(wanted))
                .findFirst().orElseThrow(() -> refused(target, source.label() + " recorded version " + version
                        + " as applied (" + state.where() + "), but no migration has version " + version
                        + " — restore its file, or point --migrations (and --layout) at the folder the database was"
                        + " migrated from, then adopt again"));
    }

    /** sqlx's checksum: SHA-384 of the file's text as read (UTF-8), compared with what sqlx recorded. */
    private static void requireSha384(Target target, MigrationFile file, byte[] recorded) {
        byte[] actual;
        try {
            actual = MessageDigest.getInstance("SHA-384").digest(file.content().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is not available", e);
        }
        if (!Arrays.equals(actual, recorded)) {
            throw refused(target, "sqlx recorded a checksum for version " + file.version().orElseThrow() + " that"
                    + " differs from " + file.script() + " (the file changed after sqlx applied it) — restore the file"
                    + " as it was applied, then adopt again");
        }
    }

    /** Refuses a history that is not {@code rows}, optionally followed by newer successful migrations. */
    private static void requireSameHistory(Target target, AdoptSource source, List<HistoryTable.Row> history,
            List<HistoryTable.Adopted> rows) {
        List<HistoryTable.Row> matched = new ArrayList<>();
        for (HistoryTable.Adopted row : rows) {
            HistoryTable.Row same = history.stream().filter(h -> h.success() && HistoryTable.SQL.equals(h.type())
                    && h.version() != null && sameVersion(h.version(), row.version())
                    && Objects.equals(h.checksum(), row.checksum())).findFirst()
                    .orElseThrow(() -> differs(target, source, "version " + row.version() + " (" + row.script()
                            + ") is recorded by " + source.label() + " but not, with the file's checksum, in the"
                            + " Fleetway history"));
            matched.add(same);
        }
        MigrationVersion top = rows.isEmpty() ? null
                : MigrationVersion.fromVersion(rows.get(rows.size() - 1).version());
        for (HistoryTable.Row h : history) {
            boolean newer = h.version() != null && (top == null || MigrationVersion.fromVersion(h.version())
                    .isNewerThan(top));
            boolean fine = matched.contains(h) || "SCHEMA".equals(h.type())
                    || h.success() && HistoryTable.SQL.equals(h.type()) && (h.version() == null || newer);
            if (!fine) {
                throw differs(target, source, "the Fleetway history has " + h.script() + (h.version() == null ? ""
                        : " (version " + h.version() + ")") + (h.success() ? "" : ", failed,") + " which "
                        + source.label() + " does not record");
            }
        }
    }

    private static boolean sameVersion(String a, String b) {
        return MigrationVersion.fromVersion(a).equals(MigrationVersion.fromVersion(b));
    }

    /**
     * {@code --from flyway} with Fleetway's own history table: the target is Fleetway's already; adopting checks
     * the history as {@code validate} does, and writes nothing.
     */
    private static AdoptPlan ownHistory(TargetSession session, AdoptSource source,
            Optional<List<HistoryTable.Row>> history) throws SQLException {
        Target target = session.target();
        String where = "table " + target.schema() + "." + session.history().name();
        if (history.isEmpty()) {
            long objects = SchemaInspector.objectCount(session.connection(), target.schema(), session.history().name());
            if (objects > 0) {
                throw refused(target, "there is no Flyway history (" + where + ") to adopt, but schema '"
                        + target.schema() + "' has " + objects + " table(s)/view(s)/sequence(s) — check --state-table,"
                        + " or adopt it with 'fleetway baseline --version V'");
            }
            return new AdoptPlan(target, source.label(), where + ": nothing recorded", AdoptPlan.Kind.NOTHING, false,
                    List.of(), null, 0);
        }
        TargetStatus status = StatusPlanner.plan(target, session.flyway());
        Validation.problems(status).stream().findFirst().ifPresent(p -> {
            throw refused(target, p.message());
        });
        int pending = (int) status.migrations().stream().filter(r -> r.database() == MigrationState.PENDING).count();
        return new AdoptPlan(target, source.label(), where + ": " + history.get().size() + " row(s), Fleetway's own",
                AdoptPlan.Kind.ALREADY_ADOPTED, false, List.of(), status.currentVersion(), pending);
    }

    private static Optional<String> newest(List<HistoryTable.Row> history) {
        return history.stream().filter(h -> h.success() && h.version() != null)
                .map(h -> MigrationVersion.fromVersion(h.version())).max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion);
    }

    private static int pending(List<MigrationFile> versioned, List<HistoryTable.Row> history) {
        return (int) versioned.stream().filter(f -> history.stream().noneMatch(h -> h.success() && h.version() != null
                && sameVersion(h.version(), f.version().orElseThrow()))).count();
    }

    private static FleetwayException differs(Target target, AdoptSource source, String detail) {
        return refused(target, "the target already has Fleetway history that differs from the " + source.label()
                + " state: " + detail + " — compare 'fleetway status' with the " + source.label() + " state and"
                + " correct whichever is wrong");
    }

    private static FleetwayException refused(Target target, String what) {
        return new FleetwayException(ExitCode.VALIDATION_FAILED, target.describe() + ": " + what
                + "; nothing was changed");
    }
}

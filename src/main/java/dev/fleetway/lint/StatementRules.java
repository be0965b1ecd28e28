package dev.fleetway.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;

import dev.fleetway.sql.SqlScript;
import dev.fleetway.sql.SqlToken;

/**
 * Applies the rules to one statement as {@link StatementReader} read it, in script order, keeping what later
 * statements depend on in the file's {@link FileState}. {@code ALTER TABLE} is delegated to {@link AlterTableRules}.
 */
final class StatementRules {
    private static final String LOCK_TIMEOUT = "lock_timeout";

    private final AlterTableRules alterTable;

    StatementRules(boolean fleetwayLockTimeoutEnabled) {
        this.alterTable = new AlterTableRules(fleetwayLockTimeoutEnabled);
    }

    /** The findings of {@code statement} (unsuppressed), in no particular order; empty when it is safe. */
    List<Finding> check(SqlScript.Statement statement, StatementReader.Reading reading, FileState state) {
        List<Finding> out = new ArrayList<>();
        int line = statement.line();
        Object ast = reading.ast();
        if (reading.utility() != null) {
            utility(reading.utility(), line, state, out);
        } else if (reading.createdTable() != null) {
            state.tableCreated(reading.createdTable());
        } else if (ast == null) {
            if (looksLikeLintedDdl(statement.tokens())) {
                out.add(Rule.UNPARSED.at(state.file(), line, reading.failure()));
            }
        } else if (ast instanceof CreateTable create) {
            state.tableCreated(create.getTable());
        } else if (ast instanceof CreateIndex index) {
            createIndex(index, reading.concurrently(), line, state, out);
        } else if (ast instanceof Drop drop) {
            drop(drop, reading.concurrently(), line, state, out);
        } else if (ast instanceof Alter alter) {
            alterTable.check(alter, reading.clauses(), line, state, out);
        } else if (ast instanceof SetStatement set) {
            set(set, state);
        } else if (ast instanceof ResetStatement reset) {
            String name = reset.getName() == null ? "" : reset.getName().trim();
            if (name.equalsIgnoreCase(LOCK_TIMEOUT) || name.equalsIgnoreCase("ALL")) {
                state.lockTimeout(false);
            }
        }
        return out;
    }

    private static void utility(UtilityCommand u, int line, FileState state, List<Finding> out) {
        String target = u.target() == null ? "the tables" : u.target();
        switch (u.command()) {
            case "VACUUM" -> {
                if (u.full()) {
                    out.add(Rule.VACUUM_FULL.at(state.file(), line, target));
                }
            }
            case "CLUSTER" -> out.add(Rule.CLUSTER.at(state.file(), line, target));
            default -> out.add(Rule.LOCK_TABLE.at(state.file(), line, target));
        }
    }

    private static void createIndex(CreateIndex index, boolean concurrently, int line, FileState state, List<Finding> out) {
        String name = index.getIndex() == null ? null : index.getIndex().getName();
        if (concurrently) {
            concurrentlyInTransaction("CREATE INDEX", line, state, out);
        } else if (!state.isNew(index.getTable())) {
            String what = "CREATE INDEX " + (name == null ? "" : name + " ") + "ON " + index.getTable().getFullyQualifiedName();
            out.add(Rule.INDEX_WITHOUT_CONCURRENTLY.at(state.file(), line, what, "CREATE INDEX"));
        }
        state.indexCreated(name);
    }

    private static void drop(Drop drop, boolean concurrently, int line, FileState state, List<Finding> out) {
        String type = drop.getType() == null ? "" : drop.getType().toUpperCase(Locale.ROOT);
        String name = drop.getName().getFullyQualifiedName();
        if (type.equals("TABLE")) {
            if (!state.isNew(drop.getName())) {
                out.add(Rule.DROP_TABLE.at(state.file(), line, name));
            }
            state.tableDropped(drop.getName());
        } else if (type.equals("INDEX")) {
            if (concurrently) {
                concurrentlyInTransaction("DROP INDEX", line, state, out);
            } else if (!state.isNewIndex(name)) {
                out.add(Rule.INDEX_WITHOUT_CONCURRENTLY.at(state.file(), line, "DROP INDEX " + name, "DROP INDEX"));
            }
        }
    }

    private static void concurrentlyInTransaction(String command, int line, FileState state, List<Finding> out) {
        if (!state.nonTransactional()) {
            out.add(Rule.CONCURRENTLY_IN_TRANSACTION.at(state.file(), line, command));
        }
    }

    /** {@code SET [LOCAL] lock_timeout = …}: in effect unless set to 0 or DEFAULT (which mean no timeout). */
    private static void set(SetStatement set, FileState state) {
        for (int i = 0; i < set.getCount(); i++) {
            if (String.valueOf(set.getName(i)).trim().equalsIgnoreCase(LOCK_TIMEOUT)) {
                List<Expression> values = set.getExpressions(i);
                state.lockTimeout(values != null && values.size() == 1 && isPositiveDuration(values.get(0).toString()));
            }
        }
    }

    /** True for a value such as {@code '5s'}, {@code 5000} or {@code '1min'}; false for 0, DEFAULT and the like. */
    private static boolean isPositiveDuration(String value) {
        String v = value.replace("'", "").trim();
        int end = 0;
        while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
            end++;
        }
        try {
            return end > 0 && Double.parseDouble(v.substring(0, end)) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether an unreadable statement is of a kind the rules look at, and so worth an {@code unparsed} note. */
    private static boolean looksLikeLintedDdl(List<SqlToken> t) {
        SqlToken first = t.get(0);
        if (first.isWord("ALTER") || first.isWord("DROP") || first.isWord("VACUUM") || first.isWord("CLUSTER")
                || first.isWord("LOCK")) {
            return true;
        }
        boolean createIndex = t.size() > 1 && t.get(1).isWord("INDEX");
        boolean createUniqueIndex = t.size() > 2 && t.get(1).isWord("UNIQUE") && t.get(2).isWord("INDEX");
        return first.isWord("CREATE") && (createIndex || createUniqueIndex);
    }
}

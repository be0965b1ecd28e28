package dev.fleetway.lint;

import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;

/**
 * The rules about {@code ALTER TABLE} actions. Actions on a table created earlier in the same migration are
 * not hazards (nothing running uses it), but are still tracked: renames, and {@code CHECK (col IS NOT NULL)}
 * constraints and their validation, which make a later {@code SET NOT NULL} safe.
 */
final class AlterTableRules {
    private static final List<String> SERIAL_TYPES = List.of("smallserial", "serial", "bigserial", "serial2", "serial4",
            "serial8");

    private final boolean fleetwayLockTimeoutEnabled;

    AlterTableRules(boolean fleetwayLockTimeoutEnabled) {
        this.fleetwayLockTimeoutEnabled = fleetwayLockTimeoutEnabled;
    }

    /**
     * Adds the findings of {@code alter}, which starts on {@code line}, to {@code out} and updates {@code state}.
     * {@code clauses} are the actions as the token reader saw them; when they do not line up one-to-one with the
     * parser's actions, every finding gets the statement's line and NOT VALID counts only if every action had it.
     */
    void check(Alter alter, List<StatementReader.Clause> clauses, int line, FileState state, List<Finding> out) {
        Table table = alter.getTable();
        boolean fresh = state.isNew(table);
        if (!fresh && !fleetwayLockTimeoutEnabled && !state.lockTimeout()) {
            out.add(Rule.MISSING_LOCK_TIMEOUT.at(state.file(), line, table.getFullyQualifiedName()));
        }
        List<AlterExpression> actions = alter.getAlterExpressions() == null ? List.of() : alter.getAlterExpressions();
        boolean aligned = clauses.size() == actions.size();
        boolean allNotValid = !clauses.isEmpty() && clauses.stream().allMatch(StatementReader.Clause::notValid);
        for (int i = 0; i < actions.size(); i++) {
            int at = aligned ? clauses.get(i).line() : line;
            boolean notValid = aligned ? clauses.get(i).notValid() : allNotValid;
            action(actions.get(i), new Target(table, fresh, at, state), notValid, out);
        }
    }

    /** The table an action applies to, whether this migration created it, and the action's line. */
    private record Target(Table table, boolean fresh, int line, FileState state) {
        String name() {
            return table.getFullyQualifiedName();
        }

        void report(List<Finding> out, Rule rule, Object... names) {
            if (!fresh) {
                out.add(rule.at(state.file(), line, names));
            }
        }
    }

    private static void action(AlterExpression e, Target t, boolean notValid, List<Finding> out) {
        AlterOperation op = e.getOperation();
        if (op == AlterOperation.DROP && e.getColumnName() != null) {
            t.report(out, Rule.DROP_COLUMN, t.name() + "." + e.getColumnName());
        } else if (op == AlterOperation.RENAME && e.getColumnOldName() != null) {
            t.report(out, Rule.RENAME_COLUMN, t.name() + "." + e.getColumnOldName(), e.getColumnName());
        } else if (op == AlterOperation.RENAME_TABLE) {
            t.report(out, Rule.RENAME_TABLE, t.name(), e.getNewTableName());
            t.state().tableRenamed(t.table(), e.getNewTableName());
        } else if (op == AlterOperation.ALTER && e.getColDataTypeList() != null) {
            e.getColDataTypeList().forEach(c -> alterColumn(c, t, out));
        } else if (op == AlterOperation.ADD) {
            add(e, t, notValid, out);
        } else if (op == AlterOperation.UNSPECIFIC && e.getOptionalSpecifier() != null) {
            String[] words = e.getOptionalSpecifier().trim().split("\\s+");
            if (words.length >= 3 && words[0].equalsIgnoreCase("VALIDATE") && words[1].equalsIgnoreCase("CONSTRAINT")) {
                t.state().constraintValidated(t.table(), words[2]);
            }
        }
    }

    /** {@code ALTER [COLUMN] c TYPE …}, {@code … SET NOT NULL}; other column alterations are harmless. */
    private static void alterColumn(AlterExpression.ColumnDataType c, Target t, List<Finding> out) {
        ColDataType type = c.getColDataType();
        if (type == null) {
            return;
        }
        if (!type.getDataType().equalsIgnoreCase("SET")) {
            t.report(out, Rule.CHANGE_COLUMN_TYPE, t.name() + "." + c.getColumnName(), type.toString());
        } else if (upper(c.getColumnSpecs()).equals(List.of("NOT", "NULL"))
                && !t.state().notNullValidated(t.table(), c.getColumnName())) {
            t.report(out, Rule.SET_NOT_NULL, t.name() + "." + c.getColumnName(), c.getColumnName());
        }
    }

    /** {@code ADD [COLUMN] …} and {@code ADD [CONSTRAINT name] FOREIGN KEY|CHECK …}. */
    private static void add(AlterExpression e, Target t, boolean notValid, List<Finding> out) {
        if (e.getColDataTypeList() != null) {
            for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
                if (notNullWithoutDefault(c)) {
                    t.report(out, Rule.ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT, t.name() + "." + c.getColumnName());
                }
            }
        }
        if (e.getIndex() instanceof CheckConstraint check) {
            String column = notNullColumn(check.getExpression());
            if (column != null) {
                t.state().notNullCheck(t.table(), check.getName(), column, !notValid);
            }
            if (!notValid) {
                t.report(out, Rule.CONSTRAINT_WITHOUT_NOT_VALID, "CHECK", name(check.getName()), t.name());
            }
        } else if (e.getIndex() instanceof ForeignKeyIndex fk && !notValid) {
            t.report(out, Rule.CONSTRAINT_WITHOUT_NOT_VALID, "FOREIGN KEY", name(fk.getName()), t.name());
        } else if (e.getIndex() == null && e.getFkColumns() != null && !notValid) {
            t.report(out, Rule.CONSTRAINT_WITHOUT_NOT_VALID, "FOREIGN KEY", name(null), t.name());
        }
    }

    /** NOT NULL (or PRIMARY KEY) with neither a DEFAULT nor a generated value to fill existing rows. */
    private static boolean notNullWithoutDefault(AlterExpression.ColumnDataType c) {
        List<String> specs = upper(c.getColumnSpecs());
        boolean notNull = false;
        for (int i = 0; i + 1 < specs.size(); i++) {
            notNull |= (specs.get(i).equals("NOT") && specs.get(i + 1).equals("NULL"))
                    || (specs.get(i).equals("PRIMARY") && specs.get(i + 1).equals("KEY"));
        }
        boolean filled = specs.contains("DEFAULT") || specs.contains("GENERATED") || (c.getColDataType() != null
                && SERIAL_TYPES.contains(c.getColDataType().getDataType().toLowerCase(Locale.ROOT)));
        return notNull && !filled;
    }

    /** The column of {@code col IS NOT NULL} (parenthesised or not); null for any other expression. */
    private static String notNullColumn(Expression expression) {
        Expression e = expression;
        while (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            e = list.get(0);
        }
        if (e instanceof IsNullExpression isNull && isNull.isNot() && isNull.getLeftExpression() instanceof Column col) {
            return col.getColumnName();
        }
        return null;
    }

    private static String name(String constraint) {
        return constraint == null ? "<name>" : constraint;
    }

    private static List<String> upper(List<String> specs) {
        return specs == null ? List.of() : specs.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }
}

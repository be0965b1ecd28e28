package dev.fleetway.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetway.report.Difference;
import dev.fleetway.report.ObjectKind;

/** The comparison of two snapshots and its normalisation, on hand-made catalogs (a pure unit: no database). */
class DifferTest {

    private static SchemaObject object(ObjectKind kind, String name, String parent, String... attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put(attributes[i], attributes[i + 1]);
        }
        return new SchemaObject(kind, name, parent, values, null);
    }

    private static List<String> lines(Catalog expected, Catalog actual) {
        return Differ.compare(expected, actual).stream().map(Difference::line).toList();
    }

    @Test
    void columnsAreComparedByNameWhateverTheirOrderAndEachChangedAttributeIsOneLine() {
        Catalog expected = Catalog.of("ref", List.of(
                object(ObjectKind.TABLE, "accounts", null, "kind", "ordinary"),
                object(ObjectKind.COLUMN, "accounts.id", "accounts", "type", "bigint", "not null", "true"),
                object(ObjectKind.COLUMN, "accounts.plan", "accounts", "type", "text", "not null", "true",
                        "default", "'free'")));
        Catalog actual = Catalog.of("tenant", List.of(
                object(ObjectKind.COLUMN, "accounts.plan", "accounts", "type", "varchar(20)", "not null", "true",
                        "default", "'trial'"),
                object(ObjectKind.COLUMN, "accounts.id", "accounts", "type", "bigint", "not null", "true"),
                object(ObjectKind.TABLE, "accounts", null, "kind", "ordinary")));

        assertThat(lines(expected, actual)).containsExactly(
                "~ column accounts.plan: type text -> varchar(20)",
                "~ column accounts.plan: default 'free' -> 'trial'");
    }

    @Test
    void whatOnlyOneSideHasIsAddedOrMissingAndTheChildrenOfAMissingTableAreNotListedAgain() {
        Catalog expected = Catalog.of("ref", List.of(
                object(ObjectKind.TABLE, "users", null, "kind", "ordinary"),
                object(ObjectKind.COLUMN, "users.nickname", "users", "type", "text"),
                object(ObjectKind.TABLE, "audit_log", null, "kind", "ordinary"),
                object(ObjectKind.COLUMN, "audit_log.id", "audit_log", "type", "bigint"),
                object(ObjectKind.INDEX, "audit_log_entity_idx", "audit_log", "definition",
                        "CREATE INDEX audit_log_entity_idx ON audit_log USING btree (entity_type)"),
                object(ObjectKind.GRANT, "table audit_log", "audit_log", "privileges", "SELECT")));
        Catalog actual = Catalog.of("tenant", List.of(
                object(ObjectKind.TABLE, "users", null, "kind", "ordinary"),
                object(ObjectKind.INDEX, "invoices_due_idx", "users", "definition",
                        "CREATE INDEX invoices_due_idx ON users USING btree (id)")));

        assertThat(lines(expected, actual)).containsExactly(
                "- table audit_log",
                "- column users.nickname",
                "+ index invoices_due_idx");
    }

    @Test
    void anIndexOrConstraintWhoseGeneratedNameCameOutDifferentlyIsTheSameObject() {
        Catalog expected = Catalog.of("ref", List.of(
                object(ObjectKind.INDEX, "users_email_idx", "users", "definition",
                        "CREATE INDEX users_email_idx ON users USING btree (email)"),
                object(ObjectKind.CONSTRAINT, "users.users_email_key", "users", "definition", "UNIQUE (email)")));
        Catalog actual = Catalog.of("tenant", List.of(
                object(ObjectKind.INDEX, "users_email_idx1", "users", "definition",
                        "CREATE INDEX users_email_idx1 ON users USING btree (email)"),
                object(ObjectKind.CONSTRAINT, "users.users_email_key1", "users", "definition", "UNIQUE (email)")));

        assertThat(lines(expected, actual)).isEmpty();
    }

    @Test
    void normalisingTakesEitherSchemaNameOutOfBothSidesAndLiteralDefaultsLoseTheirCast() {
        Normaliser n = new Normaliser("tenant_a", "fleetway_scratch_x_1");
        assertThat(n.text("CREATE INDEX i ON tenant_a.accounts USING btree (id)"))
                .isEqualTo(n.text("CREATE INDEX i ON fleetway_scratch_x_1.accounts USING btree (id)"))
                .isEqualTo("CREATE INDEX i ON accounts USING btree (id)");
        assertThat(n.text("nextval('tenant_a.invoice_number_seq'::regclass)"))
                .isEqualTo("nextval('invoice_number_seq'::regclass)");
        assertThat(n.text("search_path=tenant_a")).isEqualTo("search_path=@schema");
        assertThat(n.text("tenant_ab.accounts")).isEqualTo("tenant_ab.accounts");
        assertThat(new Normaliser("Tenant A").text("REFERENCES \"Tenant A\".accounts(id)"))
                .isEqualTo("REFERENCES accounts(id)");

        SchemaObject column = n.object(object(ObjectKind.COLUMN, "accounts.plan", "accounts", "type", "text",
                "default", "'free'::text"));
        assertThat(column.attributes()).containsEntry("default", "'free'");
        SchemaObject function = n.object(object(ObjectKind.FUNCTION, "f()", null, "body", "BEGIN RETURN 1; END"));
        assertThat(function.attributes().get("body")).hasSize(12).matches("[0-9a-f]+");
    }

    @Test
    void aChangeTooLongForALineIsSaidToDifferAndAbsentValuesReadNone() {
        assertThat(Difference.changed(ObjectKind.VIEW, "active_users", "definition", "SELECT 1\nFROM x", "SELECT 2")
                .line()).isEqualTo("~ view active_users: definition differs");
        assertThat(Difference.changed(ObjectKind.COLUMN, "accounts.plan", "default", "'free'", null).line())
                .isEqualTo("~ column accounts.plan: default 'free' -> none");
        assertThat(Difference.added(ObjectKind.ROW_LEVEL_SECURITY, "invoices", "forced false").line())
                .isEqualTo("+ row level security invoices");
        assertThat(ObjectKind.MATERIALIZED_VIEW.label()).isEqualTo("materialized-view");
    }
}

package dev.fleetway.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateFitTest {

    @Test
    void plainDdlFitsATemplateAndMentionsInCommentsDoNot() {
        assertThat(TemplateFit.misfit("CREATE TABLE accounts (id bigint PRIMARY KEY);\n"
                + "-- ALTER DATABASE would not be copied, so we do not do it here\n"
                + "/* GRANT CONNECT ON DATABASE x */ CREATE INDEX ON accounts (id);")).isEmpty();
        assertThat(TemplateFit.misfit("CREATE TABLE t (updated_on date); -- ${flyway:database}")).isPresent()
                .as("placeholders are expanded in comments too");
    }

    @Test
    void perDatabasePlaceholdersAreNamed() {
        assertThat(TemplateFit.misfit("INSERT INTO settings VALUES ('tenant', '${fleetway:tenant}');"))
                .contains("uses ${fleetway:tenant}, whose value would be the template's");
        assertThat(TemplateFit.misfit("CREATE TABLE ${flyway:defaultSchema}.t (id int);"))
                .contains("uses ${flyway:defaultSchema}, whose value would be the template's");
        assertThat(TemplateFit.misfit("SELECT '${flyway:timestamp}';")).isPresent();
        assertThat(TemplateFit.misfit("SELECT '${fleetway:schema}';")).isPresent();
        assertThat(TemplateFit.misfit("SELECT '${app_role}', '${flyway:user}';")).isEmpty();
    }

    @Test
    void databaseLevelStateIsFoundInStatementsStringsAndDollarQuotedBodies() {
        assertThat(TemplateFit.misfit("ALTER DATABASE app SET search_path = app, public;"))
                .contains("sets database-level state (ALTER DATABASE), which a copy of a template does not get");
        assertThat(TemplateFit.misfit("GRANT CONNECT ON DATABASE app TO reporting;"))
                .contains("sets database-level state (… ON DATABASE), which a copy of a template does not get");
        assertThat(TemplateFit.misfit("comment on   database app is 'x';")).isPresent();
        assertThat(TemplateFit.misfit("ALTER ROLE app_rw IN DATABASE app SET work_mem = '64MB';")).isPresent();
        assertThat(TemplateFit.misfit("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET x.y = 1', current_database());"
                + " END $$;")).isPresent();
        assertThat(TemplateFit.misfit("INSERT INTO meta VALUES (current_database());"))
                .contains("uses current_database(), whose value would be the template's");
    }
}

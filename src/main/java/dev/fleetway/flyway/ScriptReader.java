package dev.fleetway.flyway;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PlaceholderReplacingReader;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;

import dev.fleetway.ExitCode;
import dev.fleetway.FleetwayException;
import dev.fleetway.source.MigrationFile;

/**
 * Reads migration scripts the way Flyway reads them for one target: placeholders expanded (the configured
 * {@code fleetway.placeholders} plus Flyway's own {@code ${flyway:defaultSchema}}, {@code ${flyway:user}},
 * {@code ${flyway:database}}, {@code ${flyway:table}}, {@code ${flyway:filename}}, {@code ${flyway:timestamp}},
 * {@code ${flyway:workingDirectory}} and {@code ${flyway:environment}}) and split into statements by Flyway's
 * PostgreSQL parser. Used for down scripts, which Fleetway runs itself, and for dry runs. Never touches the
 * database. Made by {@link FlywayFactory#scripts}.
 */
public final class ScriptReader {

    /**
     * One statement of a script.
     *
     * @param line the line it starts on
     * @param sql its text, placeholders expanded, without the closing semicolon
     * @param transactional false for statements PostgreSQL refuses inside a transaction block
     *        ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, …)
     */
    public record Statement(int line, String sql, boolean transactional) {
    }

    private final Configuration configuration;
    private final Map<String, String> builtIns;

    ScriptReader(Configuration configuration, Map<String, String> builtIns) {
        this.configuration = configuration;
        this.builtIns = Map.copyOf(builtIns);
    }

    /**
     * The file's text with every placeholder expanded, as it would be sent to the database.
     *
     * @throws FleetwayException (exit 1) naming the file when a placeholder has no value
     */
    public String expand(MigrationFile file) {
        try (Reader reader = PlaceholderReplacingReader.create(configuration, context(file),
                new StringReader(file.content()))) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) >= 0;) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (FlywayException e) {
            throw failure(file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file's statements in order, as Flyway would execute them.
     *
     * @throws FleetwayException (exit 1) naming the file when a placeholder has no value or the script cannot be
     *         parsed
     */
    public List<Statement> statements(MigrationFile file) {
        List<Statement> statements = new ArrayList<>();
        try (SqlStatementIterator it = new PostgreSQLParser(configuration, context(file))
                .parse(MigrationResources.resource(file))) {
            while (it.hasNext()) {
                SqlStatement s = it.next();
                statements.add(new Statement(s.getLineNumber(), s.getSql(), s.canExecuteInTransaction()));
            }
        } catch (FlywayException e) {
            throw failure(file, e);
        }
        return statements;
    }

    private ParsingContext context(MigrationFile file) {
        ParsingContext context = new ParsingContext();
        context.getPlaceholders().putAll(builtIns);
        context.getPlaceholders().put(FlywayFactory.builtIn(configuration, "filename"),
                MigrationResources.flywayName(file));
        return context;
    }

    private static FleetwayException failure(MigrationFile file, FlywayException e) {
        String message = FleetwayException.firstLine(e.getMessage());
        return new FleetwayException(ExitCode.MIGRATION_FAILED, file.script() + ": " + message
                + " — set the placeholder in fleetway.placeholders, or fix the script", e);
    }
}

package dev.fleetway.drift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetway.db.Sql;
import dev.fleetway.report.ObjectKind;

/**
 * Makes the catalog values of two schemas comparable (a target's and its reference's, built in a scratch schema of
 * another name). The same normaliser is applied to both sides, with both schemas' names, so it can hide a
 * difference but never invent one:
 * <ul>
 * <li>{@code schema.} qualifiers of either schema are removed ({@code ON tenant_a.accounts} reads
 * {@code ON accounts}), and any other occurrence of either name (a function's {@code search_path} setting, a
 * placeholder expanded in a body) becomes {@code @schema};</li>
 * <li>a literal default loses its cast ({@code 'free'::text} reads {@code 'free'});</li>
 * <li>a function's body becomes the first 12 hex digits of its SHA-256.</li>
 * </ul>
 */
public final class Normaliser {
    private static final Pattern CAST_LITERAL = Pattern.compile("^('(?:[^']|'')*')::[^']+$");
    private static final String IDENT_CHAR = "[\\w$]";

    private final List<String> names = new ArrayList<>();
    private final List<Pattern> qualifiers = new ArrayList<>();
    private final List<Pattern> words = new ArrayList<>();

    /** @param schemas the names of the schemas compared (duplicates are fine) */
    public Normaliser(String... schemas) {
        for (String schema : schemas) {
            names.add(schema);
            String either = "(?:" + Pattern.quote(Sql.ident(schema))
                    + (schema.matches("[a-z_][a-z0-9_$]*") ? "|" + Pattern.quote(schema) : "") + ")";
            qualifiers.add(Pattern.compile("(?<!" + IDENT_CHAR + ")" + either + "\\."));
            words.add(Pattern.compile("(?<!" + IDENT_CHAR + ")" + either + "(?!" + IDENT_CHAR + ")"));
        }
    }

    /** One value with the schemas' names taken out. */
    public String text(String value) {
        if (names.stream().noneMatch(value::contains)) {
            return value; // most values name no schema: no need for the patterns
        }
        String out = value;
        for (Pattern p : qualifiers) {
            out = p.matcher(out).replaceAll("");
        }
        for (Pattern p : words) {
            out = p.matcher(out).replaceAll(Matcher.quoteReplacement("@schema"));
        }
        return out;
    }

    SchemaObject object(SchemaObject object) {
        SchemaObject plain = object.map(this::text);
        String fallback = plain.attributes().get("default");
        if (fallback != null) {
            plain = plain.with("default", CAST_LITERAL.matcher(fallback).replaceFirst("$1"));
        }
        if ((object.kind() == ObjectKind.FUNCTION || object.kind() == ObjectKind.PROCEDURE)
                && plain.attributes().containsKey("body")) {
            plain = plain.with("body", hash(plain.attributes().get("body")));
        }
        return plain;
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

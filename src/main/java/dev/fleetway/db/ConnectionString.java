package dev.fleetway.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.postgresql.PGProperty;

import dev.fleetway.FleetwayException;

/**
 * A parsed PostgreSQL connection string, either {@code postgresql://user:pw@host:port/db?sslmode=…} (also
 * {@code postgres://}) or {@code jdbc:postgresql://host:port/db?…}. Credentials found in it (user info or
 * {@code user}/{@code password} parameters) are split off so that {@link #jdbcUrl()} and {@link #display()}
 * never carry a password.
 *
 * @param hosts host list as written, e.g. {@code db:5432} or {@code a:5432,b:5432}
 * @param database database name
 * @param parameters remaining query parameters, in order
 */
public record ConnectionString(String hosts, String database, Map<String, String> parameters,
        Optional<String> user, Optional<String> password) {

    private static final Pattern SCHEME = Pattern.compile("(jdbc:postgresql|postgres|postgresql)://(.*)", Pattern.DOTALL);
    private static final Pattern FORM = Pattern.compile("([^/?#]*)(?:/([^?#]*))?(?:\\?([^#]*))?");
    /** Everything between {@code user:} and the last {@code @}: a password may itself hold {@code / ? # @}. */
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^:/?#@\\s]*:)\\S*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&\\s]*");
    private static final String EXPECTED = " — expected postgresql://USER:PASSWORD@HOST:5432/DB"
            + " (percent-encode special characters) or jdbc:postgresql://HOST:5432/DB";

    /**
     * Parses a connection string.
     *
     * @throws FleetwayException (exit 2) naming the masked input and what is wrong with it
     */
    public static ConnectionString parse(String input) {
        String text = input == null ? "" : input.strip();
        Matcher scheme = SCHEME.matcher(text);
        if (!scheme.matches()) {
            throw malformed("it does not start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        // User info runs to the LAST '@': passwords pasted unencoded may contain '/', '?', '#' or '@'.
        String rest = scheme.group(2);
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        Matcher m = FORM.matcher(at < 0 ? rest : rest.substring(at + 1));
        if (!m.matches()) {
            throw malformed("it has no host/database part");
        }
        String hosts = m.group(1);
        if (hosts.isEmpty()) {
            throw malformed("no host");
        }
        for (String host : hosts.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !host.endsWith("]")) {
                String port = host.substring(colon + 1);
                if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                    throw malformed("the port is not a number from 1 to 65535"
                            + (userInfo == null ? " (is a user:password@ missing its '@'?)" : ""));
                }
            }
        }
        String database = m.group(2) == null ? "" : decode(m.group(2));
        if (database.isEmpty()) {
            throw malformed("no database name");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(3) != null && !m.group(3).isEmpty()) {
            for (String pair : m.group(3).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw malformed("a query parameter has no name=value form");
                }
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        checkParameters(params);
        Optional<String> user = Optional.ofNullable(params.remove("user"));
        Optional<String> password = Optional.ofNullable(params.remove("password"));
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String u = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (!u.isEmpty()) {
                user = Optional.of(u);
            }
            if (colon >= 0) {
                password = Optional.of(decodePassword(userInfo.substring(colon + 1)));
            }
        }
        return new ConnectionString(hosts, database, Map.copyOf(params), user, password);
    }

    /**
     * Refuses, before any connection is tried, a parameter the PostgreSQL driver does not know or a value it
     * would reject (the driver reports a bad {@code sslmode} like a refused connection, which would be retried
     * until the connect timeout). Values are never echoed: some parameters hold secrets.
     */
    private static void checkParameters(Map<String, String> params) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            String value = p.getValue();
            if (name.equals("user") || name.equals("password")) {
                continue;
            }
            PGProperty property = PGProperty.forName(name);
            if (property == null) {
                throw badParameter("the parameter '" + name + "' is not one the PostgreSQL driver knows (names are"
                        + " case-sensitive, e.g. sslmode, connectTimeout, ApplicationName)");
            }
            String[] choices = property.getChoices();
            if (choices != null && choices.length > 0 && java.util.Arrays.stream(choices).noneMatch(value::equalsIgnoreCase)) {
                throw badParameter("the parameter '" + name + "' accepts only " + String.join(", ", choices));
            }
            String fallback = property.getDefaultValue();
            if (fallback != null && fallback.matches("-?\\d+") && !value.matches("-?\\d+")) {
                throw badParameter("the parameter '" + name + "' must be a whole number");
            }
            if (fallback != null && (fallback.equals("true") || fallback.equals("false"))
                    && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw badParameter("the parameter '" + name + "' must be true or false");
            }
        }
    }

    /** Masks any password in a connection string (user info or {@code password=} parameter) for display. */
    public static String mask(String text) {
        String masked = USERINFO_PASSWORD.matcher(text).replaceAll("$1***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
    }

    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** A form safe to print: {@code host:port/db}. */
    public String display() {
        return hosts + "/" + database;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("bad percent-encoding");
        }
    }

    /** A password is percent-decoded when it is validly encoded, and taken as written otherwise. */
    private static String decodePassword(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part;
        }
    }

    private static FleetwayException badParameter(String reason) {
        return FleetwayException.usage("connection string: " + reason + " — fix the URL's query parameters");
    }

    /** The input is never echoed: a malformed string may hold a password in a place masking cannot find. */
    private static FleetwayException malformed(String reason) {
        return FleetwayException.usage("malformed connection string: " + reason + EXPECTED);
    }

    @Override
    public String toString() {
        return display();
    }
}

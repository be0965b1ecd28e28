package dev.fleetway.tenant;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final Pattern FORM = Pattern.compile(
            "(?:jdbc:postgresql|postgres|postgresql)://(?:([^@/?#]*)@)?([^/?#]*)(?:/([^?#]*))?(?:\\?([^#]*))?");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^:/@?#]*:)[^@/]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&\\s]*");
    private static final String EXPECTED = " — expected postgresql://user:password@host:5432/db"
            + " or jdbc:postgresql://host:5432/db";

    /**
     * Parses a connection string.
     *
     * @throws FleetwayException (exit 2) naming the masked input and what is wrong with it
     */
    public static ConnectionString parse(String input) {
        String text = input == null ? "" : input.strip();
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw malformed(text, "unknown scheme or shape");
        }
        String hosts = m.group(2);
        if (hosts.isEmpty()) {
            throw malformed(text, "no host");
        }
        for (String host : hosts.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !host.endsWith("]")) {
                String port = host.substring(colon + 1);
                if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                    throw malformed(text, "port '" + port + "' is not a number from 1 to 65535");
                }
            }
        }
        String database = m.group(3) == null ? "" : decode(m.group(3), text);
        if (database.isEmpty()) {
            throw malformed(text, "no database name");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw malformed(text, "parameter '" + pair.replaceAll("=.*", "") + "' has no value");
                }
                params.put(decode(pair.substring(0, eq), text), decode(pair.substring(eq + 1), text));
            }
        }
        Optional<String> user = Optional.ofNullable(params.remove("user"));
        Optional<String> password = Optional.ofNullable(params.remove("password"));
        if (m.group(1) != null) {
            String userInfo = m.group(1);
            int colon = userInfo.indexOf(':');
            String u = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), text);
            if (!u.isEmpty()) {
                user = Optional.of(u);
            }
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1), text));
            }
        }
        return new ConnectionString(hosts, database, Map.copyOf(params), user, password);
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

    private static String decode(String part, String text) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(text, "bad percent-encoding");
        }
    }

    private static FleetwayException malformed(String text, String reason) {
        return FleetwayException.usage("malformed connection string '" + mask(text) + "': " + reason + EXPECTED);
    }

    @Override
    public String toString() {
        return display();
    }
}

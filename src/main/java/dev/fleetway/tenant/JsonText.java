package dev.fleetway.tenant;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON text of the little Fleetway writes about a tenant (strings and objects of strings): valid JSON and valid
 * YAML alike, so one rendering serves a YAML or JSON tenants file and a registry's {@code labels} column.
 */
final class JsonText {
    private JsonText() {
    }

    /** {@code {"k": "v", …}} in the map's order. */
    static String object(Map<String, String> values) {
        return values.entrySet().stream().map(e -> string(e.getKey()) + ": " + string(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A double-quoted JSON string. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

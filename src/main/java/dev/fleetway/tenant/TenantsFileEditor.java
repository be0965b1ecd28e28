package dev.fleetway.tenant;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.fleetway.FleetwayException;
import dev.fleetway.config.YamlFiles;

/**
 * Adds a tenant to a tenants file ({@code fleetway.tenants-file}) or removes one, changing only the text of that
 * tenant: every other line, comment and style of the file stays as written. The tenant goes where
 * {@link TenantsFile} reads tenants from (under {@code tenants:}, {@code fleetway: tenants:}, or the top-level map),
 * as one line in a block mapping or one more entry of a flow (or JSON) mapping, written as JSON (valid YAML too).
 * The edited text is read back before it is written: unless it holds exactly the tenants before plus (or minus)
 * that one, nothing is written. Files are replaced atomically (a temporary file renamed over them), so a reader
 * sees the old file or the new one.
 */
public final class TenantsFileEditor {
    private TenantsFileEditor() {
    }

    /**
     * Checks, changing nothing, that the file can be read and rewritten.
     *
     * @throws FleetwayException (exit 2) when it is missing, unreadable, not a tenants file, or read-only
     */
    public static void checkWritable(Path file) {
        TenantsFile.read(file);
        Path real = realPath(file);
        if (!Files.isWritable(real) || !Files.isWritable(real.getParent())) {
            throw FleetwayException.usage(TenantsFile.source(file) + " is read-only (a mounted ConfigMap?) —"
                    + " make it and its directory writable, or record tenants in fleetway.tenant-registry.table");
        }
    }

    /**
     * Adds tenant {@code id} with {@code fields} ({@code url}, {@code schema}: strings; {@code labels}: a map of
     * strings) and writes the file.
     *
     * @throws FleetwayException (exit 2) when the tenant is already there, or the file cannot be changed safely
     */
    public static void add(Path file, String id, Map<String, Object> fields) {
        String text = readText(file);
        String source = TenantsFile.source(file);
        List<TenantSpec> before = TenantsFile.parse(text, source);
        if (before.stream().anyMatch(s -> s.id().equals(id))) {
            throw FleetwayException.usage(source + " already has tenant '" + id + "' — choose another id");
        }
        String edited = added(text, id, fields, source);
        List<TenantSpec> after = TenantsFile.parse(edited, source);
        List<TenantSpec> expected = new ArrayList<>(before);
        expected.add(after.get(after.size() - 1));
        if (!after.equals(expected) || !after.get(after.size() - 1).id().equals(id)) {
            throw unsafe(source, "adding '" + id + "'");
        }
        write(file, edited);
    }

    /**
     * Removes tenant {@code id} and writes the file.
     *
     * @return false, changing nothing, when the file has no such tenant
     * @throws FleetwayException (exit 2) when the file cannot be changed safely
     */
    public static boolean remove(Path file, String id) {
        String text = readText(file);
        String source = TenantsFile.source(file);
        List<TenantSpec> before = TenantsFile.parse(text, source);
        if (before.stream().noneMatch(s -> s.id().equals(id))) {
            return false;
        }
        String edited = removed(text, id, source);
        List<TenantSpec> expected = before.stream().filter(s -> !s.id().equals(id)).toList();
        if (!TenantsFile.parse(edited, source).equals(expected)) {
            throw unsafe(source, "removing '" + id + "'");
        }
        write(file, edited);
        return true;
    }

    /** The entry as written: {@code "id": {"url": "…", "labels": {…}}}. */
    public static String entry(String id, Map<String, Object> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> {
            @SuppressWarnings("unchecked")
            String value = v instanceof Map<?, ?> m ? JsonText.object((Map<String, String>) m) : JsonText.string((String) v);
            parts.add(JsonText.string(k) + ": " + value);
        });
        return JsonText.string(id) + ": {" + String.join(", ", parts) + "}";
    }

    /** {@code text} with the entry added to its tenants mapping. */
    static String added(String text, String id, Map<String, Object> fields, String source) {
        String entry = entry(id, fields);
        Node root = compose(text, source);
        if (root == null) {
            String lead = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            return text + lead + "tenants:\n  " + entry + "\n";
        }
        Offsets at = new Offsets(text);
        Located tenants = tenantsMap(root);
        if (tenants.node instanceof MappingNode map && map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            int close = at.of(map.getEndMark().getIndex()) - 1;
            if (close < 0 || text.charAt(close) != '}') {
                throw unsafe(source, "adding '" + id + "'");
            }
            int before = close;
            while (before > 0 && Character.isWhitespace(text.charAt(before - 1))) {
                before--;
            }
            char previous = before > 0 ? text.charAt(before - 1) : '{';
            String insert = previous == '{' ? entry : previous == ',' ? " " + entry : ", " + entry;
            return text.substring(0, before) + insert + text.substring(before);
        }
        if (tenants.node instanceof MappingNode map && !map.getValue().isEmpty()) {
            int indent = map.getValue().get(0).getKeyNode().getStartMark().getColumn();
            int end = lineEnd(text, lastContent(text, at, map));
            String tail = end == text.length() ? "\n" : "";
            return text.substring(0, end) + "\n" + " ".repeat(indent) + entry + tail + text.substring(end);
        }
        if (tenants.node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL) && tenants.key != null) {
            // "tenants:" with nothing (or ~, null) after it: the value becomes a flow mapping of the one tenant
            int colon = text.indexOf(':', at.of(tenants.key.getEndMark().getIndex()));
            if (colon < 0) {
                throw unsafe(source, "adding '" + id + "'");
            }
            int end = lineEnd(text, Math.max(colon + 1, at.of(scalar.getEndMark().getIndex())));
            int comment = text.indexOf(" #", colon);
            int valueEnd = comment >= 0 && comment < end ? comment : end;
            String value = text.substring(colon + 1, valueEnd).strip();
            if (!List.of("", "~", "null", "Null", "NULL").contains(value)) {
                throw unsafe(source, "adding '" + id + "'");
            }
            int valueStop = value.isEmpty() ? colon + 1 : text.indexOf(value, colon + 1) + value.length();
            return text.substring(0, colon + 1) + " {" + entry + "}" + text.substring(valueStop);
        }
        throw unsafe(source, "adding '" + id + "'");
    }

    /** {@code text} without the entry of {@code id}. */
    static String removed(String text, String id, String source) {
        Node root = compose(text, source);
        Offsets at = new Offsets(text);
        if (root != null && tenantsMap(root).node instanceof MappingNode map) {
            for (int i = 0; i < map.getValue().size(); i++) {
                NodeTuple tuple = map.getValue().get(i);
                if (!(tuple.getKeyNode() instanceof ScalarNode key) || !key.getValue().equals(id)) {
                    continue;
                }
                int start = at.of(key.getStartMark().getIndex());
                if (map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                    int end = at.of(tuple.getValueNode().getEndMark().getIndex());
                    int next = skipSpace(text, end);
                    if (next < text.length() && text.charAt(next) == ',') {
                        return text.substring(0, start) + text.substring(skipSpace(text, next + 1));
                    }
                    int previous = start;
                    while (previous > 0 && Character.isWhitespace(text.charAt(previous - 1))) {
                        previous--;
                    }
                    int from = previous > 0 && text.charAt(previous - 1) == ',' ? previous - 1 : start;
                    return text.substring(0, from) + text.substring(end);
                }
                int lineStart = text.lastIndexOf('\n', start - 1) + 1;
                int end = lineEnd(text, lastContent(text, at, tuple.getValueNode()));
                return text.substring(0, lineStart) + text.substring(Math.min(text.length(), end + 1));
            }
        }
        throw unsafe(source, "removing '" + id + "'");
    }

    /** The node tenants are read from, and the key it stands under (null for the top level). */
    private record Located(Node node, Node key) {
    }

    /** Where {@link TenantsFile} reads the tenants from: the same descent, on nodes. */
    private static Located tenantsMap(Node root) {
        Located at = new Located(root, null);
        for (String key : List.of("fleetway", "tenants")) {
            if (at.node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        at = new Located(t.getValueNode(), k);
                        break;
                    }
                }
            }
        }
        return at;
    }

    /** Where the last character of a node's content is (past trailing blank lines and comments). */
    private static int lastContent(String text, Offsets at, Node node) {
        if (node instanceof MappingNode map && map.getFlowStyle() != DumperOptions.FlowStyle.FLOW
                && !map.getValue().isEmpty()) {
            return lastContent(text, at, map.getValue().get(map.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode list && list.getFlowStyle() != DumperOptions.FlowStyle.FLOW
                && !list.getValue().isEmpty()) {
            return lastContent(text, at, list.getValue().get(list.getValue().size() - 1));
        }
        int end = at.of(node.getEndMark().getIndex());
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** The index of the first line break at or after {@code index} (the text's length on the last line). */
    private static int lineEnd(String text, int index) {
        int nl = text.indexOf('\n', index);
        return nl < 0 ? text.length() : nl;
    }

    private static int skipSpace(String text, int index) {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
        return index;
    }

    private static Node compose(String text, String source) {
        YamlFiles.parse(text, source); // strict: errors by line and column, never quoting the file
        try {
            return new Yaml().compose(new StringReader(text));
        } catch (YAMLException e) {
            throw FleetwayException.usage(source + " is not valid YAML — fix the file");
        }
    }

    /** Marks count code points; the text is indexed by UTF-16 units. */
    private static final class Offsets {
        private final String text;

        Offsets(String text) {
            this.text = text;
        }

        int of(int codePoints) {
            return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        }
    }

    private static FleetwayException unsafe(String source, String what) {
        return FleetwayException.usage(source + ": could not change the file safely (" + what + ") — edit it by hand");
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw FleetwayException.usage(TenantsFile.source(file) + ": cannot read it (" + e.getClass().getSimpleName()
                    + ") — fix fleetway.tenants-file");
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(realPath(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FleetwayException.usage(TenantsFile.source(file) + ": cannot read it (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static void write(Path file, String text) {
        AtomicFile.replace(realPath(file), text, TenantsFile.source(file));
    }
}

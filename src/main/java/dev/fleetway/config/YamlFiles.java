package dev.fleetway.config;

import java.io.StringReader;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.fleetway.FleetwayException;

/**
 * Reads Fleetway's YAML files (the configuration file, the tenants file) strictly: a key given twice in one
 * mapping is an error, not a silent override. Errors name the file, line and column and what is wrong, never
 * the text around it: the parser's own messages quote the offending line, which may hold a password.
 */
public final class YamlFiles {
    private YamlFiles() {
    }

    /**
     * Parses {@code text}.
     *
     * @param file how messages name the file, e.g. {@code config/application.yaml}
     * @return the document: maps, lists, strings, numbers, booleans; null for an empty document
     * @throws FleetwayException (exit 2) naming the file, line and column
     */
    public static Object parse(String text, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (DuplicateKeyException e) {
            String key = e.getProblem().replaceFirst("^found duplicate key ", "");
            throw FleetwayException.usage(file + ": '" + key + "' is given twice in one mapping, "
                    + firstAndSecond(text, key, e.getProblemMark()) + " — keep one");
        } catch (YAMLException e) {
            throw FleetwayException.usage(file + " is not valid YAML: " + describe(e) + " — fix the file");
        }
    }

    /** Where a duplicated key stands: {@code at line 3 and at line 7}. */
    private static String firstAndSecond(String text, String key, Mark second) {
        Node root = new Yaml().compose(new StringReader(text));
        Integer first = root == null ? null : firstOccurrence(root, key, second.getLine());
        return (first == null ? "" : "at line " + (first + 1) + " and ") + "at " + where(second);
    }

    /** The line of the first {@code key} of the mapping whose later {@code key} stands on {@code line}. */
    private static Integer firstOccurrence(Node node, String key, int line) {
        if (node instanceof MappingNode map) {
            Integer first = null;
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    if (k.getStartMark().getLine() == line && first != null) {
                        return first;
                    }
                    first = first == null ? k.getStartMark().getLine() : first;
                }
                Integer inner = firstOccurrence(tuple.getValueNode(), key, line);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                Integer inner = firstOccurrence(item, key, line);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Where and what, without quoting the file: {@code line 6, column 17: found unexpected end of stream}. */
    static String describe(YAMLException e) {
        if (e instanceof MarkedYAMLException m) {
            Mark problem = m.getProblemMark();
            Mark context = m.getContextMark();
            if (context != null && m.getContext() != null && (problem == null || problem.getLine() != context.getLine())) {
                // e.g. a quoted value never closed: name where it starts, then where the parser gave up
                return where(context) + ": " + m.getContext() + ", " + m.getProblem()
                        + (problem == null ? "" : " at " + where(problem));
            }
            String what = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            Mark mark = problem != null ? problem : context;
            return (mark == null ? "" : where(mark) + ": ") + m.getProblem() + what;
        }
        return "it cannot be read";
    }

    private static String where(Mark mark) {
        return mark == null ? "an unknown place" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}

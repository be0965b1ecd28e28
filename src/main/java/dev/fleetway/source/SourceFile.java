package dev.fleetway.source;

/**
 * One {@code .sql} file of a location, as read, before a {@link Layout} says what it is.
 *
 * @param relativePath the path below the location, with {@code /} separators, e.g. {@code 20240101_init/up.sql}
 * @param location the location it was read from, e.g. {@code filesystem:/app/migrations}
 * @param content the file's text (UTF-8)
 */
public record SourceFile(String relativePath, String location, String content) {

    /** The file's own name, the last part of {@link #relativePath}. */
    public String filename() {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }

    /** The name of the directory holding it below the location; empty for a file at the top. */
    public String parentName() {
        int slash = relativePath.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        String parent = relativePath.substring(0, slash);
        return parent.substring(parent.lastIndexOf('/') + 1);
    }

    /** {@code location/relativePath}, how messages name the file. */
    public String path() {
        return location + "/" + relativePath;
    }
}

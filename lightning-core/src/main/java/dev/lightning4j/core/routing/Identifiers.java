package dev.lightning4j.core.routing;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;

/**
 * Checks database and table names taken from file names before they reach SQL. Quoting
 * ({@link dev.lightning4j.TableName#quote}) makes any name safe to splice; this rejects names no server
 * accepts, with a message naming the file, instead of a confusing server error later.
 */
public final class Identifiers {
    /** MySQL's and TiDB's limit for database and table names, in characters. */
    public static final int MAX_LENGTH = 64;

    private Identifiers() {
    }

    /**
     * Returns {@code name} when a server can accept it.
     *
     * @throws ImportException SOURCE_READ naming the file and what is wrong
     */
    public static String check(String name, String what, String path) {
        String problem = problem(name);
        if (problem != null) {
            throw new ImportException(ErrorCode.SOURCE_READ, "the " + what + " name taken from the file name "
                    + problem + "; rename the file (Dumpling escapes special characters as %XX)", path, -1, null,
                    null, null);
        }
        return name;
    }

    /** What is wrong with the name, or null. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.indexOf('\0') >= 0) {
            return "'" + printable(name) + "' contains a NUL character";
        }
        int chars = name.codePointCount(0, name.length());
        if (chars > MAX_LENGTH) {
            return "'" + printable(name) + "' is " + chars + " characters long, over the limit of " + MAX_LENGTH;
        }
        if (name.endsWith(" ")) {
            return "'" + name + "' ends with a space, which servers refuse";
        }
        return null;
    }

    /** The name with control characters shown as \\uXXXX, for messages. */
    public static String printable(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}

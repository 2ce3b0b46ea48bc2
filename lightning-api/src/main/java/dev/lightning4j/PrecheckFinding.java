package dev.lightning4j;

/**
 * One result of a pre-check.
 *
 * @param severity how bad it is; {@link Severity#ERROR} stops an import that checks requirements
 * @param check    the check's name ({@code source-readable}, {@code target-privileges}, ...)
 * @param message  what was found, naming the file or table
 * @param whatToDo what the user can do about it (empty for {@link Severity#OK})
 * @param code     the error code the import would fail with, or null for warnings
 * @param file     the source file concerned, relative to the source root, or null
 * @param table    the table concerned ({@code db.tbl}), or null
 */
public record PrecheckFinding(Severity severity, String check, String message, String whatToDo, ErrorCode code,
        String file, String table) {

    public enum Severity { OK, WARNING, ERROR }

    public static PrecheckFinding ok(String check, String message) {
        return new PrecheckFinding(Severity.OK, check, message, "", null, null, null);
    }

    public static PrecheckFinding warning(String check, String message, String whatToDo) {
        return new PrecheckFinding(Severity.WARNING, check, message, whatToDo, null, null, null);
    }

    public static PrecheckFinding error(String check, ErrorCode code, String message, String whatToDo) {
        return new PrecheckFinding(Severity.ERROR, check, message, whatToDo, code, null, null);
    }

    /** This finding about a file and table. */
    public PrecheckFinding at(String file, String table) {
        return new PrecheckFinding(severity, check, message, whatToDo, code, file, table);
    }

    @Override
    public String toString() {
        String where = (file != null ? "file " + file : "") + (file != null && table != null ? ", " : "")
                + (table != null ? "table " + table : "");
        return severity + " [" + check + "] " + message + (where.isEmpty() ? "" : " (" + where + ")")
                + (whatToDo == null || whatToDo.isEmpty() ? "" : " -> " + whatToDo);
    }
}

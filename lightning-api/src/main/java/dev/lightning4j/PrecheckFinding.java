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

    /** How bad a finding is. */
    public enum Severity {
        /** The check passed. */
        OK,
        /** Something to look at that does not stop an import. */
        WARNING,
        /** The import would fail; with {@code check-requirements} on it does not start while this stands. */
        ERROR
    }

    /**
     * A passed check.
     *
     * @param check   the check's name
     * @param message what was checked
     * @return an {@link Severity#OK} finding without location
     */
    public static PrecheckFinding ok(String check, String message) {
        return new PrecheckFinding(Severity.OK, check, message, "", null, null, null);
    }

    /**
     * A problem that does not stop an import.
     *
     * @param check    the check's name
     * @param message  what was found
     * @param whatToDo what the user can do about it
     * @return a {@link Severity#WARNING} finding without location or error code
     */
    public static PrecheckFinding warning(String check, String message, String whatToDo) {
        return new PrecheckFinding(Severity.WARNING, check, message, whatToDo, null, null, null);
    }

    /**
     * A problem an import would fail on.
     *
     * @param check    the check's name
     * @param code     the error code the import would fail with
     * @param message  what was found
     * @param whatToDo what the user can do about it
     * @return an {@link Severity#ERROR} finding without location
     */
    public static PrecheckFinding error(String check, ErrorCode code, String message, String whatToDo) {
        return new PrecheckFinding(Severity.ERROR, check, message, whatToDo, code, null, null);
    }

    /**
     * This finding about a file and table.
     *
     * @param file  the source file, relative to the source root, or null
     * @param table the table ({@code db.tbl}), or null
     * @return a copy with the location replaced
     */
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

package dev.lightning4j;

/**
 * One result of a pre-check.
 *
 * @param severity how bad it is; {@link Severity#ERROR} stops an import that checks requirements
 * @param check    the check's name ({@code source-readable}, {@code target-privileges}, ...)
 * @param message  what was found, naming the file or table
 * @param whatToDo what the user can do about it (empty for {@link Severity#OK})
 * @param code     the error code the import would fail with, or null for warnings
 */
public record PrecheckFinding(Severity severity, String check, String message, String whatToDo, ErrorCode code) {

    public enum Severity { OK, WARNING, ERROR }

    public static PrecheckFinding ok(String check, String message) {
        return new PrecheckFinding(Severity.OK, check, message, "", null);
    }

    public static PrecheckFinding warning(String check, String message, String whatToDo) {
        return new PrecheckFinding(Severity.WARNING, check, message, whatToDo, null);
    }

    public static PrecheckFinding error(String check, ErrorCode code, String message, String whatToDo) {
        return new PrecheckFinding(Severity.ERROR, check, message, whatToDo, code);
    }

    @Override
    public String toString() {
        return severity + " [" + check + "] " + message + (whatToDo == null || whatToDo.isEmpty() ? ""
                : " -> " + whatToDo);
    }
}

package dev.lightning4j;

/**
 * Where the rejected rows of an import were written on the target, after TiDB Lightning's
 * {@code lightning_task_info} tables.
 *
 * @param schema        the task-info schema ({@code lightning_task_info})
 * @param taskId        the {@code task_id} of this import's rows in those tables
 * @param typeErrors    rows written to {@code type_error_v1} (type errors and wrong column counts)
 * @param conflicts     rows written to {@code conflict_records} (duplicate keys)
 * @param unrecorded    rejected rows that could not be written (the target refused them); they are in the log
 */
public record RecordedErrors(String schema, long taskId, long typeErrors, long conflicts, long unrecorded) {
    /** The table of the task-info schema that holds type errors and wrong column counts. */
    public static final String TYPE_ERROR_TABLE = "type_error_v1";
    /** The table of the task-info schema that holds duplicate-key rows. */
    public static final String CONFLICT_TABLE = "conflict_records";

    /**
     * Tells a user where to find the rejected rows.
     *
     * @return text such as {@code 3 rows rejected, see lightning_task_info.type_error_v1 (2) and ... where task_id = 17}
     */
    public String describe() {
        long total = typeErrors + conflicts;
        StringBuilder sb = new StringBuilder().append(total).append(total == 1 ? " row" : " rows")
                .append(" rejected, see ");
        if (typeErrors > 0 || conflicts == 0) {
            sb.append(schema).append('.').append(TYPE_ERROR_TABLE).append(" (").append(typeErrors).append(')');
        }
        if (conflicts > 0) {
            sb.append(typeErrors > 0 ? " and " : "").append(schema).append('.').append(CONFLICT_TABLE).append(" (")
                    .append(conflicts).append(')');
        }
        sb.append(" where task_id = ").append(taskId);
        if (unrecorded > 0) {
            sb.append("; ").append(unrecorded).append(" could not be recorded (see the log)");
        }
        return sb.toString();
    }
}

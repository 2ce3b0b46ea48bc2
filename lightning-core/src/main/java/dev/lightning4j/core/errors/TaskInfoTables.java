package dev.lightning4j.core.errors;

import dev.lightning4j.RecordedErrors;
import dev.lightning4j.TableName;
import java.util.List;

/** The task-info tables, with TiDB Lightning's column names so that its queries and habits carry over. */
final class TaskInfoTables {
    private TaskInfoTables() {
    }

    static List<String> ddl(String schema) {
        String s = TableName.quote(schema);
        return List.of(
                "CREATE DATABASE IF NOT EXISTS " + s,
                "CREATE TABLE IF NOT EXISTS " + s + ".`" + RecordedErrors.TYPE_ERROR_TABLE + "` ("
                        + "`id` bigint PRIMARY KEY AUTO_INCREMENT, "
                        + "`task_id` bigint NOT NULL, "
                        + "`create_time` datetime(6) NOT NULL DEFAULT now(6), "
                        + "`table_name` varchar(261) NOT NULL, "
                        + "`path` varchar(2048) NOT NULL, "
                        + "`offset` bigint NOT NULL, "
                        + "`error` text NOT NULL, "
                        + "`row_data` text NOT NULL, "
                        + "KEY (`task_id`, `table_name`)) DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE IF NOT EXISTS " + s + ".`" + RecordedErrors.CONFLICT_TABLE + "` ("
                        + "`id` bigint PRIMARY KEY AUTO_INCREMENT, "
                        + "`task_id` bigint NOT NULL, "
                        + "`create_time` datetime(6) NOT NULL DEFAULT now(6), "
                        + "`table_name` varchar(261) NOT NULL, "
                        + "`path` varchar(2048) NOT NULL, "
                        + "`offset` bigint NOT NULL, "
                        + "`error` text NOT NULL, "
                        + "`row_id` bigint NOT NULL COMMENT 'the row id of the conflicted row (0: logical import)', "
                        + "`row_data` text NOT NULL COMMENT 'the row that was rejected', "
                        + "`index_name` varchar(128) NOT NULL DEFAULT '' COMMENT 'the key the server named', "
                        + "KEY (`task_id`, `table_name`)) DEFAULT CHARSET=utf8mb4");
    }
}

package dev.lightning4j.core.plan;

import dev.lightning4j.core.routing.RoutedFile;
import java.util.List;

/**
 * One database to import.
 *
 * @param name       database name
 * @param schemaFile its {@code -schema-create.sql}, or null (then it is created plainly when missing)
 * @param tables     its tables, by name
 * @param views      its {@code -schema-view.sql} files, applied after every table exists
 */
public record DatabasePlan(String name, RoutedFile schemaFile, List<TablePlan> tables, List<RoutedFile> views) {
    public DatabasePlan {
        tables = List.copyOf(tables);
        views = List.copyOf(views);
    }
}

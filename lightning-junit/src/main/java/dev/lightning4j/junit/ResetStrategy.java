package dev.lightning4j.junit;

/** What happens to the fixture's databases and tables before the fixture is loaded again. */
public enum ResetStrategy {
    /** Drops every database the fixture creates, then loads it: the schema files recreate everything. */
    DROP_AND_CREATE,
    /** Empties the fixture's tables that exist ({@code TRUNCATE TABLE}), then loads it; schemas are kept. */
    TRUNCATE,
    /** Loads the fixture over whatever is there; rows whose keys exist are replaced. */
    NONE
}

/** The target table as the KV encoder needs it: IDs, column types, collations, indexes, handle kind. */
package dev.lightning4j.physical.model;

/** Source values to typed datums under MySQL's assignment rules (strict or lax sql_mode). */
package dev.lightning4j.physical.convert;

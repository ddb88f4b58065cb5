/**
 * JDBC instrumentation without Spring: the datasource-proxy listeners that time statements, log slow ones, trace
 * them and account them to the HTTP request that caused them, and the cheap statement parsing they rely on.
 */
@NullMarked
package dev.secretlife.observability.jdbc;

import org.jspecify.annotations.NullMarked;

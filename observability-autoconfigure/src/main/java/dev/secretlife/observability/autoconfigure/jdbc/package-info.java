/**
 * Auto-configuration of the JDBC instrumentation: wraps every {@code DataSource}, and wires metrics, slow-query
 * warnings, N+1 detection and spans.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;

/**
 * Units of work (an HTTP request, a scheduled run): one object per unit, driven by Micrometer observations, that the
 * summary line, the per-unit JDBC accounting and the span additions all read, so that they report the same facts as
 * Spring's own {@code http.server.requests} and {@code tasks.scheduled.execution}.
 */
@NullMarked
package dev.secretlife.observability.unit;

import org.jspecify.annotations.NullMarked;

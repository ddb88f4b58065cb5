/**
 * Failures: every unhandled exception of a unit of work (a request, a scheduled run, an {@code @Async} method) logged
 * once with its stack trace and the unit's IDs, grouped by fingerprint and counted.
 */
@NullMarked
package dev.secretlife.observability.errors;

import org.jspecify.annotations.NullMarked;

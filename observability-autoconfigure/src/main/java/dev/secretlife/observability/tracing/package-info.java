/**
 * Tracing joined to the other pillars: trace headers on responses, the request ID in the trace's baggage, context
 * carried across threads, paths left untraced, and span export that fails quietly.
 */
@NullMarked
package dev.secretlife.observability.tracing;

import org.jspecify.annotations.NullMarked;

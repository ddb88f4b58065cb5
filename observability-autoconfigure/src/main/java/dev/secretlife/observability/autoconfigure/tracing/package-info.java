/**
 * Auto-configuration for tracing: what the starter adds on top of Spring Boot's Micrometer Tracing with OpenTelemetry.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration for log output: the format chosen before logging starts, the JSON formatter plugged into
 * Spring Boot's structured logging, the optional asynchronous appender and its metric.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;

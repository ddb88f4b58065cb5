/**
 * Log output: the JSON encoder (logstash-logback-encoder with masking, unique field names and shortened stack
 * traces), the rule that picks JSON or pretty output, the asynchronous appender's drop counter, and the buffer that
 * holds a unit of work's debug lines until it is known to have failed.
 */
@NullMarked
package dev.secretlife.observability.logging;

import org.jspecify.annotations.NullMarked;

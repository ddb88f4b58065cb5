/**
 * Log output: the JSON encoder (logstash-logback-encoder with masking, unique field names and shortened stack
 * traces), the rule that picks JSON or pretty output, and the asynchronous appender's drop counter.
 */
@NullMarked
package dev.secretlife.observability.logging;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration for the per-request summary log line, on the servlet and the reactive stack.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.web;

import org.jspecify.annotations.NullMarked;

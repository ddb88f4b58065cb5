/**
 * The per-request summary log line ("canonical log line") and the fields other features add to it.
 */
@NullMarked
package dev.secretlife.observability.web;

import org.jspecify.annotations.NullMarked;

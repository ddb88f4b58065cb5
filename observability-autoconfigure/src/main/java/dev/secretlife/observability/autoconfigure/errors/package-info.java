/**
 * Auto-configuration of the failure line, the failure table and the failure metrics.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.errors;

import org.jspecify.annotations.NullMarked;

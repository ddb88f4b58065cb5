/**
 * Auto-configuration for request IDs.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.requestid;

import org.jspecify.annotations.NullMarked;

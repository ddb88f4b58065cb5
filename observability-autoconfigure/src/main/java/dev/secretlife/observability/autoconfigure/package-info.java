/**
 * Auto-configuration of the observability starter, and the defaults it contributes to the environment.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure;

import org.jspecify.annotations.NullMarked;

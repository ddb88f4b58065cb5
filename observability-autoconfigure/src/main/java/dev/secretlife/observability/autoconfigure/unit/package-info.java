/**
 * Auto-configuration of the unit-of-work pipeline: requests and scheduled runs, driven by Spring's observations.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.unit;

import org.jspecify.annotations.NullMarked;

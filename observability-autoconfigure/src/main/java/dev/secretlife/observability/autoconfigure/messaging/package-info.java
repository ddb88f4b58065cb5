/**
 * Auto-configuration of messaging: request ID and trace across Kafka, one unit of work per consumed record.
 */
@NullMarked
package dev.secretlife.observability.autoconfigure.messaging;

import org.jspecify.annotations.NullMarked;

/**
 * Messaging: the request ID on the records a producer sends, and which sends Spring Kafka's template observes.
 */
@NullMarked
package dev.secretlife.observability.messaging;

import org.jspecify.annotations.NullMarked;

/**
 * Request IDs: accepted when valid, generated otherwise, exposed to application code, logs and outgoing calls.
 */
@NullMarked
package dev.secretlife.observability.requestid;

import org.jspecify.annotations.NullMarked;

package dev.secretlife.observability.errors;

import org.jspecify.annotations.Nullable;

/**
 * One reported failure: the exception and the unit of work it ended.
 * @param error the exception, as the unit recorded it
 * @param kind the kind of unit
 * @param name the route of a request, {@code Class.method} of a task or {@code @Async} method; never a raw path
 * @param method the HTTP method of a request, else {@code null}
 * @param fingerprint the failure's {@link FailureFingerprint fingerprint}
 * @param requestId the unit's request ID (the run's ID for a task), or {@code null}
 * @param traceId the unit's trace ID, or {@code null}
 */
public record Failure(Throwable error, FailureKind kind, String name, @Nullable String method, String fingerprint,
		@Nullable String requestId, @Nullable String traceId) {

	/**
	 * Returns the class name of the exception, as the {@code exception} field and tag show it.
	 * @return the class name
	 */
	public String exceptionClass() {
		return this.error.getClass().getName();
	}

}

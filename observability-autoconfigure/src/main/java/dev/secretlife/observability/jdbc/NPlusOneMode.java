package dev.secretlife.observability.jdbc;

/**
 * What to do when a request repeats one statement shape at least the N+1 threshold times.
 */
public enum NPlusOneMode {

	/** Log one warning per request and shape, and count it. */
	WARN,

	/** Count it and throw {@link NPlusOneQueryException} when the request ends: meant for tests. */
	FAIL

}

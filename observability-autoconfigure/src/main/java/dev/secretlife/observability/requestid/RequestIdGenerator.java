package dev.secretlife.observability.requestid;

/**
 * Creates the ID of a request that arrived without a valid one. Declare a bean of this type to replace the
 * default {@link RandomRequestIdGenerator}. Called once per such request, possibly from many threads at once, so an
 * implementation must be thread-safe and should not serialize callers.
 *
 * @see RequestIdResolver
 */
@FunctionalInterface
public interface RequestIdGenerator {

	/**
	 * Returns a new request ID. It must itself be valid under the rules of {@link RequestIdValidator}, or it will
	 * be rejected downstream by services that validate.
	 * @return a new, unique request ID
	 */
	String generate();

}

package dev.secretlife.observability.requestid;

import java.util.Optional;

/**
 * Injectable access to the current request ID, for code that prefers a collaborator over the static
 * {@link RequestId#current()}. Both answer the same.
 */
public class RequestIdAccessor {

	/**
	 * Returns the ID of the request being handled on this thread.
	 * @return the ID, or empty outside a request
	 */
	public Optional<String> current() {
		return RequestId.current();
	}

}

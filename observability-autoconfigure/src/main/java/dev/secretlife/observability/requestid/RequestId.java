package dev.secretlife.observability.requestid;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The ID of the request the current thread is handling.
 * <p>
 * {@code RequestId.current()} answers from anywhere in application code, with no injection needed. Code that prefers
 * injection asks for a {@link RequestIdAccessor} bean. On the reactive stack the ID lives in the Reactor context
 * under {@link #CONTEXT_KEY} and reaches this thread-local wherever context propagation restores it.
 */
public final class RequestId {

	/** Name of the servlet request (or exchange) attribute that holds the ID. */
	public static final String ATTRIBUTE = RequestId.class.getName();

	/** Key of the ID in the Reactor context, and of its context-propagation accessor. */
	public static final String CONTEXT_KEY = "observability.request-id";

	private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

	private RequestId() {
	}

	/**
	 * Returns the ID of the request being handled on this thread.
	 * @return the ID, or empty outside a request
	 */
	public static Optional<String> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Returns the ID of the request being handled on this thread, without allocating.
	 * @return the ID, or {@code null} outside a request
	 */
	public static @Nullable String get() {
		return CURRENT.get();
	}

	/**
	 * Makes {@code id} the current request ID on this thread and puts it in the logging MDC under {@code mdcKey},
	 * until the returned scope is closed, which restores exactly what was there before.
	 * @param id the request ID
	 * @param mdcKey the MDC key, or {@code null} to leave the MDC alone
	 * @return the scope to close, in a finally block or try-with-resources
	 */
	public static Scope open(String id, @Nullable String mdcKey) {
		String previousId = CURRENT.get();
		String previousMdc = null;
		CURRENT.set(id);
		if (mdcKey != null) {
			previousMdc = MDC.get(mdcKey);
			MDC.put(mdcKey, id);
		}
		return new Scope(previousId, mdcKey, previousMdc);
	}

	static void set(@Nullable String id) {
		if (id == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(id);
		}
	}

	/**
	 * Restores the request ID and MDC entry that were current before {@link #open}.
	 */
	public static final class Scope implements AutoCloseable {

		private final @Nullable String previousId;

		private final @Nullable String mdcKey;

		private final @Nullable String previousMdc;

		private Scope(@Nullable String previousId, @Nullable String mdcKey, @Nullable String previousMdc) {
			this.previousId = previousId;
			this.mdcKey = mdcKey;
			this.previousMdc = previousMdc;
		}

		@Override
		public void close() {
			set(this.previousId);
			if (this.mdcKey != null) {
				if (this.previousMdc == null) {
					MDC.remove(this.mdcKey);
				}
				else {
					MDC.put(this.mdcKey, this.previousMdc);
				}
			}
		}

	}

}

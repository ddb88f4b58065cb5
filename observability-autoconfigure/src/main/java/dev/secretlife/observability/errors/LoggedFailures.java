package dev.secretlife.observability.errors;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions whose failure line has been written, by identity, so that a later line of the same exception (the
 * servlet container's, Spring's scheduler's, written after the unit's IDs are gone) can be recognised and left out.
 * Held weakly: an exception is forgotten when the application no longer references it.
 * <p>
 * Thread-safe.
 */
public final class LoggedFailures {

	/** How many causes deep a logged throwable is searched for a reported one. */
	static final int MAX_CAUSE_DEPTH = 8;

	// Throwable does not override equals and hashCode: a WeakHashMap of them is an identity set.
	private final Map<Throwable, Boolean> reported = Collections.synchronizedMap(new WeakHashMap<>());

	void add(Throwable error) {
		this.reported.put(error, Boolean.TRUE);
	}

	/**
	 * Tells whether this exception, or one of its first causes (a container wraps the application's exception), has
	 * been reported with its unit's IDs.
	 * @param error the exception about to be logged
	 * @return whether its failure line has been written
	 */
	public boolean contains(@Nullable Throwable error) {
		if (this.reported.isEmpty()) {
			return false;
		}
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (this.reported.containsKey(current)) {
				return true;
			}
			Throwable cause = current.getCause();
			current = (cause != current) ? cause : null;
		}
		return false;
	}

}

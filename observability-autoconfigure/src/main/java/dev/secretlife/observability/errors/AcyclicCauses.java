package dev.secretlife.observability.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Makes an exception whose cause chain loops safe to render: the exception itself when the chain ends, else a copy of
 * the chain up to the cycle, each link a {@link CutCause} that names the original class and message and keeps its
 * stack trace.
 */
final class AcyclicCauses {

	private AcyclicCauses() {
	}

	static Throwable of(Throwable error) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable current = error;
		while (current != null && chain.size() < FailureFingerprint.MAX_CAUSE_DEPTH) {
			if (!seen.add(current)) {
				return copy(chain);
			}
			chain.add(current);
			current = current.getCause();
		}
		return error;
	}

	private static Throwable copy(List<Throwable> chain) {
		Throwable copy = null;
		for (int i = chain.size() - 1; i >= 0; i--) {
			Throwable original = chain.get(i);
			CutCause link = new CutCause(original.getClass().getName() + ": " + message(original)
					+ ((i == chain.size() - 1) ? " (cause chain cut at a cycle)" : ""), copy);
			link.setStackTrace(original.getStackTrace());
			copy = link;
		}
		return copy;
	}

	private static String message(Throwable error) {
		try {
			return String.valueOf(error.getMessage());
		}
		catch (RuntimeException ex) {
			return "(message unavailable)";
		}
	}

	/** A link of a cut cause chain. */
	static final class CutCause extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CutCause(String message, Throwable cause) {
			super(message, cause);
		}

	}

}

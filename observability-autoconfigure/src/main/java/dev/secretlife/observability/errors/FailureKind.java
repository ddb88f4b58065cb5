package dev.secretlife.observability.errors;

import java.util.Locale;

/**
 * The kinds of work a failure can end: the value of the {@code kind} field and metric tag.
 */
public enum FailureKind {

	/** An HTTP request, servlet or reactive. */
	HTTP,

	/** A run of a {@code @Scheduled} method. */
	TASK,

	/** A call of an {@code @Async} method that returns nothing. */
	ASYNC;

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the kind as a field and tag value.
	 * @return for example {@code http}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}

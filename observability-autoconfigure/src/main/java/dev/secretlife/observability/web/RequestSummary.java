package dev.secretlife.observability.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extra fields of one request's summary log line. The request log creates one per request and stores it as the
 * request (or exchange) attribute {@link #ATTRIBUTE}; any feature that handles the request may add fields to it
 * before the line is written, without the request log knowing that feature. Without the request log, there is no
 * attribute and nothing to add to.
 * <p>
 * Not thread-safe: add fields from the thread that handles the request.
 */
public final class RequestSummary {

	/** Name of the request or exchange attribute that holds the summary. */
	public static final String ATTRIBUTE = RequestSummary.class.getName();

	private final Map<String, Object> fields = new LinkedHashMap<>(8);

	/**
	 * Adds a field, or replaces the value of one added before.
	 * @param name the field name, for example {@code dbQueries}
	 * @param value the value: a number, boolean or string
	 */
	public void put(String name, Object value) {
		this.fields.put(name, value);
	}

	/**
	 * Returns the fields added so far, in the order they were first added.
	 * @return an unmodifiable view of the fields
	 */
	public Map<String, Object> fields() {
		return Collections.unmodifiableMap(this.fields);
	}

}

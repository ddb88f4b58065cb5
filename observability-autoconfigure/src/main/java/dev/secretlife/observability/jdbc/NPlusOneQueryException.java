package dev.secretlife.observability.jdbc;

import java.util.List;

import dev.secretlife.observability.unit.UnitStatements;

/**
 * Thrown when a request ends, in {@link NPlusOneMode#FAIL fail} mode, if it repeated one statement shape at least
 * the N+1 threshold times.
 */
public class NPlusOneQueryException extends IllegalStateException {

	private final transient List<UnitStatements.Repeated> repeated;

	/**
	 * Creates the exception.
	 * @param message what happened, naming the route, the statements and their counts
	 * @param repeated the repeated statement shapes
	 */
	public NPlusOneQueryException(String message, List<UnitStatements.Repeated> repeated) {
		super(message);
		this.repeated = repeated;
	}

	/**
	 * Returns the repeated statement shapes, most frequent first.
	 * @return the repeated shapes
	 */
	public List<UnitStatements.Repeated> getRepeated() {
		return this.repeated;
	}

}

package dev.secretlife.observability.unit;

/**
 * Told when a unit of work ends, with everything known about it. Called on the thread that ended the unit, with the
 * unit's request ID and trace ID in the logging MDC; a listener must not throw (an exception is logged at DEBUG and
 * the next listener is called).
 */
@FunctionalInterface
public interface UnitOfWorkListener {

	/**
	 * Called once when the unit ends.
	 * @param unit the unit, with its facts set
	 */
	void onEnd(UnitOfWork unit);

}

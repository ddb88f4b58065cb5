package dev.secretlife.observability.errors;

/**
 * Told of every failure the {@link FailureReporter} reports, after its line is written: the failure table, the
 * failure metrics. Must not throw and must stay bounded whatever the failures.
 */
@FunctionalInterface
public interface FailureRecorder {

	/**
	 * Records a failure.
	 * @param failure the failure
	 */
	void record(Failure failure);

}

package dev.secretlife.observability.errors;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitOfWorkListener;

/**
 * Reports the exception that ended a unit of work (a request, a scheduled run), when it ends: with the unit's IDs in
 * the MDC, after the application's error handling is done and before the servlet container or the scheduler logs it.
 */
public final class UnitFailureListener implements UnitOfWorkListener {

	private final FailureReporter reporter;

	public UnitFailureListener(FailureReporter reporter) {
		this.reporter = reporter;
	}

	@Override
	public void onEnd(UnitOfWork unit) {
		Throwable error = unit.error();
		if (error == null) {
			return;
		}
		if (unit.kind() == UnitOfWork.Kind.HTTP) {
			this.reporter.report(error, FailureKind.HTTP, unit.route(), unit.method());
		}
		else {
			this.reporter.report(error, FailureKind.TASK, unit.name(), null);
		}
	}

}

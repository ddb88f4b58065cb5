package dev.secretlife.observability.jdbc;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import dev.secretlife.observability.unit.UnitStatements;
import org.jspecify.annotations.Nullable;

/**
 * Records, when a unit of work ends, how many statements it ran: {@code jdbc.request.queries} (tags {@code method}
 * and {@code uri}, those of the request's {@code http.server.requests}), {@code jdbc.task.queries} (tag
 * {@code task}) or {@code jdbc.message.queries} (tag {@code topic}), then runs the N+1 check on them.
 */
public class JdbcUnitListener implements UnitOfWorkListener {

	private final JdbcMetrics metrics;

	private final @Nullable NPlusOneDetector detector;

	/**
	 * Creates the listener.
	 * @param metrics where to record the statements per unit
	 * @param detector the N+1 check, or {@code null} for none
	 */
	public JdbcUnitListener(JdbcMetrics metrics, @Nullable NPlusOneDetector detector) {
		this.metrics = metrics;
		this.detector = detector;
	}

	@Override
	public void onEnd(UnitOfWork unit) {
		UnitStatements statements = unit.statements();
		if (statements == null) {
			return;
		}
		if (unit.kind() == UnitOfWork.Kind.HTTP) {
			this.metrics.recordRequestQueries(unit.method(), unit.route(), statements.count());
		}
		else if (unit.kind() == UnitOfWork.Kind.MESSAGE) {
			this.metrics.recordMessageQueries(unit.name(), statements.count());
		}
		else {
			this.metrics.recordTaskQueries(unit.name(), statements.count());
		}
		if (this.detector != null) {
			this.detector.check(unit, statements);
		}
	}

}

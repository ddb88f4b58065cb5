package dev.secretlife.observability.jdbc;

import java.time.Duration;
import java.util.List;

import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.unit.UnitStatements;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The datasource-proxy listener that measures every statement: the {@code jdbc.query} timer, the
 * {@code jdbc.batch.size} summary, the slow-query warning and counter, and the accounting of the current unit of
 * work (request or scheduled run).
 * <p>
 * Elapsed times are read from the proxy's stopwatch, which must be a
 * {@link net.ttddyy.dsproxy.proxy.NanoTimeStopwatchFactory nanosecond} one. The listener never throws: an
 * exception of its own would replace the statement's.
 */
public class JdbcQueryListener implements QueryExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(JdbcQueryListener.class);

	/** The MDC key under which Micrometer Tracing puts the current trace ID. */
	static final String TRACE_ID_MDC_KEY = "traceId";

	private final JdbcMetrics metrics;

	private final SqlShapes shapes;

	private final long slowQueryNanos;

	private final int maxStatementLength;

	private final boolean logParameters;

	private final DataSourceDialects dialects = new DataSourceDialects();

	/**
	 * Creates the listener.
	 * @param metrics the meters to record to
	 * @param shapes turns statements into their parameter-free shape
	 * @param slowQueryThreshold statements at least this slow are logged and counted; {@code null} for never
	 * @param maxStatementLength maximum length of a statement in a log line
	 * @param logParameters whether slow-query warnings show the statement as written and its parameter values
	 */
	public JdbcQueryListener(JdbcMetrics metrics, SqlShapes shapes, @Nullable Duration slowQueryThreshold,
			int maxStatementLength, boolean logParameters) {
		this.metrics = metrics;
		this.shapes = shapes;
		this.slowQueryNanos = (slowQueryThreshold != null) ? slowQueryThreshold.toNanos() : Long.MAX_VALUE;
		this.maxStatementLength = maxStatementLength;
		this.logParameters = logParameters;
	}

	/**
	 * Tells whether this listener reads the parameters of statements: only to log them with a slow statement.
	 * @return whether slow-statement warnings show parameter values
	 */
	public boolean logsParameters() {
		return this.logParameters;
	}

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		try {
			record(execInfo, queryInfoList);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record a JDBC statement", ex);
		}
	}

	private void record(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		String dataSource = execInfo.getDataSourceName();
		@Nullable String sql = queryInfoList.isEmpty() ? null : queryInfoList.get(0).getQuery();
		SqlOperation operation = operationOf(execInfo, sql);
		long nanos = execInfo.getElapsedTime();
		this.metrics.recordQuery(dataSource, operation, execInfo.isSuccess(), nanos);
		if (execInfo.isBatch()) {
			this.metrics.recordBatchSize(dataSource, operation, execInfo.getBatchSize());
		}
		UnitStatements unit = UnitStatements.current();
		if (unit != null) {
			unit.add(dataSource, unit.tracksShapes() ? this.shapes.shapeOf(sql, this.dialects.of(execInfo)) : null,
					nanos);
		}
		if (nanos >= this.slowQueryNanos) {
			this.metrics.countSlowQuery(dataSource, operation);
			logSlowQuery(dataSource, operation, nanos, sql, this.dialects.of(execInfo), queryInfoList);
		}
	}

	static SqlOperation operationOf(ExecutionInfo execInfo, @Nullable String sql) {
		if (execInfo.getStatementType() == StatementType.CALLABLE) {
			return SqlOperation.CALL;
		}
		return SqlOperation.of(sql);
	}

	private void logSlowQuery(String dataSource, SqlOperation operation, long nanos, @Nullable String sql,
			SqlDialect dialect, List<QueryInfo> queryInfoList) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		StringBuilder message = new StringBuilder(128).append("Slow JDBC statement: ")
			.append(nanos / 1_000_000)
			.append(" ms on data source '")
			.append(dataSource)
			.append("' (operation=")
			.append(operation.tagValue());
		appendIds(message);
		message.append("): ");
		if (this.logParameters) {
			message.append(SqlShapes.truncate((sql != null) ? sql : "", this.maxStatementLength));
			message.append(" parameters=").append(Parameters.format(queryInfoList));
		}
		else {
			message.append(SqlShapes.truncate(this.shapes.shapeOf(sql, dialect), this.maxStatementLength));
		}
		logger.warn(message.toString());
	}

	/**
	 * Appends the current unit's ID and trace ID to a log message, so that they are in the text even where the log
	 * format leaves the MDC out. The ID is the starter's ({@link RequestId}: a request's, or a scheduled run's),
	 * whatever MDC key it is logged under; the trace ID is the MDC's {@code traceId}, which Micrometer Tracing puts
	 * there.
	 * @param message the message being built
	 */
	static void appendIds(StringBuilder message) {
		String requestId = RequestId.get();
		if (requestId != null) {
			message.append(", requestId=").append(requestId);
		}
		String traceId = MDC.get(TRACE_ID_MDC_KEY);
		if (traceId != null) {
			message.append(", traceId=").append(traceId);
		}
	}

}

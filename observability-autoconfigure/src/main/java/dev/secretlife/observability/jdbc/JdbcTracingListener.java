package dev.secretlife.observability.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datasource-proxy listener that makes each statement a client span, child of the current span, following the
 * OpenTelemetry database conventions: named after the operation, with {@code db.system.name},
 * {@code db.operation.name}, {@code db.namespace} and the parameter-free {@code db.query.text}. Statements run
 * outside any span (at startup, in a scheduler without tracing) start no trace of their own.
 * <p>
 * A failed statement's span records what failed, never the driver's message, which quotes the values it choked on
 * (PostgreSQL's {@code Key (email)=(alice@example.com) already exists}, MySQL's {@code Duplicate entry}, H2's
 * {@code VALUES (...)}): {@code error.type} and the exception event name the exception class,
 * {@code db.response.status_code} holds the SQLState, and the event's message holds the SQLState and vendor code only
 * (see {@link SqlFailures}). Recording the driver's message is an explicit opt-in.
 * <p>
 * Only loaded when Micrometer Tracing is on the classpath. Like every listener it never throws.
 */
public class JdbcTracingListener implements QueryExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(JdbcTracingListener.class);

	private static final String SPAN_KEY = JdbcTracingListener.class.getName();

	/** {@code db.operation.name} of each operation, upper case; none for DDL and other statements. */
	private static final Map<SqlOperation, String> OPERATION_NAMES = operationNames();

	private final Supplier<@Nullable Tracer> tracerSupplier;

	private volatile @Nullable Tracer tracer;

	private final SqlShapes shapes;

	private final int maxStatementLength;

	private final boolean recordErrorMessages;

	private final Map<String, Database> databases = new ConcurrentHashMap<>();

	/**
	 * Creates the listener, which keeps the database's error messages out of spans.
	 * @param tracer supplies the tracer on first use, lazily, as the data source may be wrapped before it exists
	 * @param shapes turns statements into their parameter-free shape
	 * @param maxStatementLength maximum length of {@code db.query.text}
	 */
	public JdbcTracingListener(Supplier<@Nullable Tracer> tracer, SqlShapes shapes, int maxStatementLength) {
		this(tracer, shapes, maxStatementLength, false);
	}

	/**
	 * Creates the listener.
	 * @param tracer supplies the tracer on first use, lazily, as the data source may be wrapped before it exists
	 * @param shapes turns statements into their parameter-free shape
	 * @param maxStatementLength maximum length of {@code db.query.text}
	 * @param recordErrorMessages whether a failed statement's span records the driver's exception as it is, message
	 * and stack trace included; when {@code false} it records the exception class, SQLState and vendor code only
	 */
	public JdbcTracingListener(Supplier<@Nullable Tracer> tracer, SqlShapes shapes, int maxStatementLength,
			boolean recordErrorMessages) {
		this.tracerSupplier = tracer;
		this.shapes = shapes;
		this.maxStatementLength = maxStatementLength;
		this.recordErrorMessages = recordErrorMessages;
	}

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		try {
			Tracer tracer = tracer();
			Span parent = (tracer != null) ? tracer.currentSpan() : null;
			// A parent that records nothing (not sampled, and not kept for a failure) would have a child that records
			// nothing either: the parent-based sampler decides the same for both. No span, no shape, no tags then.
			if (tracer == null || parent == null || parent.isNoop()) {
				return;
			}
			@Nullable String sql = queryInfoList.isEmpty() ? null : queryInfoList.get(0).getQuery();
			SqlOperation operation = JdbcQueryListener.operationOf(execInfo, sql);
			Database database = databaseOf(execInfo);
			String operationName = operationName(operation);
			Span.Builder span = tracer.spanBuilder()
				.setParent(parent.context())
				.name((operationName != null) ? operationName : database.system())
				.kind(Span.Kind.CLIENT)
				.remoteServiceName(database.system())
				.tag("db.system.name", database.system())
				.tag("db.query.text", SqlShapes.truncate(this.shapes.shapeOf(sql, database.dialect()),
						this.maxStatementLength));
			if (operationName != null) {
				span.tag("db.operation.name", operationName);
			}
			if (database.namespace() != null) {
				span.tag("db.namespace", database.namespace());
			}
			if (execInfo.isBatch() && execInfo.getBatchSize() > 1) {
				span.tag("db.operation.batch.size", execInfo.getBatchSize());
			}
			execInfo.addCustomValue(SPAN_KEY, span.start());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not start a span for a JDBC statement", ex);
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		try {
			Span span = execInfo.getCustomValue(SPAN_KEY, Span.class);
			if (span == null) {
				return;
			}
			Throwable failure = execInfo.getThrowable();
			if (failure != null) {
				span.tag("error.type", failure.getClass().getName());
				String sqlState = SqlFailures.sqlState(failure);
				if (sqlState != null) {
					span.tag("db.response.status_code", sqlState);
				}
				span.error(this.recordErrorMessages ? failure : SqlFailures.redacted(failure));
			}
			span.end();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not end the span of a JDBC statement", ex);
		}
	}

	private @Nullable Tracer tracer() {
		Tracer tracer = this.tracer;
		if (tracer == null) {
			tracer = this.tracerSupplier.get();
			this.tracer = tracer;
		}
		return tracer;
	}

	private static @Nullable String operationName(SqlOperation operation) {
		return OPERATION_NAMES.get(operation);
	}

	private static Map<SqlOperation, String> operationNames() {
		Map<SqlOperation, String> names = new EnumMap<>(SqlOperation.class);
		for (SqlOperation operation : SqlOperation.values()) {
			if (operation != SqlOperation.DDL && operation != SqlOperation.OTHER) {
				names.put(operation, operation.tagValue().toUpperCase(Locale.ROOT));
			}
		}
		return names;
	}

	private Database databaseOf(ExecutionInfo execInfo) {
		Database database = this.databases.get(execInfo.getDataSourceName());
		if (database == null) {
			database = Database.of(execInfo.getStatement());
			this.databases.putIfAbsent(execInfo.getDataSourceName(), database);
		}
		return database;
	}

	/**
	 * What the spans of one data source say about its database, read once from the first statement's connection.
	 */
	record Database(String system, @Nullable String namespace, SqlDialect dialect) {

		static Database of(@Nullable Statement statement) {
			if (statement == null) {
				return new Database("other_sql", null, SqlDialect.STANDARD);
			}
			try {
				Connection connection = statement.getConnection();
				String url = connection.getMetaData().getURL();
				return new Database(systemOf(url), connection.getCatalog(), SqlDialect.of(statement));
			}
			catch (SQLException | RuntimeException ex) {
				return new Database("other_sql", null, SqlDialect.STANDARD);
			}
		}

		/**
		 * Maps the JDBC URL's sub-protocol to the OpenTelemetry {@code db.system.name} value.
		 */
		static String systemOf(@Nullable String url) {
			if (url == null || !url.startsWith("jdbc:")) {
				return "other_sql";
			}
			int end = url.indexOf(':', 5);
			String subProtocol = url.substring(5, (end < 0) ? url.length() : end).toLowerCase(Locale.ROOT);
			return switch (subProtocol) {
				case "postgresql", "pgsql" -> "postgresql";
				case "h2" -> "h2database";
				case "mysql" -> "mysql";
				case "mariadb" -> "mariadb";
				case "oracle" -> "oracle.db";
				case "sqlserver" -> "microsoft.sql_server";
				case "db2" -> "ibm.db2";
				case "hsqldb" -> "hsqldb";
				case "derby" -> "derby";
				case "sqlite" -> "sqlite";
				default -> "other_sql";
			};
		}

	}

}

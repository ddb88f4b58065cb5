package dev.secretlife.observability.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC meters, registered once per tag combination and cached, so that recording a statement costs an array
 * read and a timer update. Every tag comes from a closed set: data source bean names, {@link SqlOperation}, two
 * outcomes, HTTP methods and URI templates.
 */
public final class JdbcMetrics {

	/** Timer of every executed statement or batch. */
	public static final String QUERY = "jdbc.query";

	/** Number of statements in each executed batch. */
	public static final String BATCH_SIZE = "jdbc.batch.size";

	/** Statements slower than the slow-query threshold. */
	public static final String SLOW_QUERIES = "jdbc.slow.queries";

	/** Requests in which one statement shape ran at least the N+1 threshold times, counted once per shape. */
	public static final String REPEATED_QUERIES = "jdbc.repeated.queries";

	/** Number of statements each HTTP request executed. */
	public static final String REQUEST_QUERIES = "jdbc.request.queries";

	/** Name of the summary of statements per scheduled run. */
	public static final String TASK_QUERIES = "jdbc.task.queries";

	/** Name of the counter of statement shapes repeated within one scheduled run. */
	public static final String TASK_REPEATED_QUERIES = "jdbc.task.repeated.queries";

	/** Name of the summary of statements per consumed message. */
	public static final String MESSAGE_QUERIES = "jdbc.message.queries";

	/** Name of the counter of statement shapes repeated within the handling of one consumed message. */
	public static final String MESSAGE_REPEATED_QUERIES = "jdbc.message.repeated.queries";

	/** Outcome tag value of a statement that completed. */
	public static final String SUCCESS = "SUCCESS";

	/** Outcome tag value of a statement that threw. */
	public static final String ERROR = "ERROR";

	private static final SqlOperation[] OPERATIONS = SqlOperation.values();

	private final Supplier<MeterRegistry> registry;

	private volatile @Nullable MeterRegistry resolved;

	private final Map<String, DataSourceMeters> dataSources = new ConcurrentHashMap<>();

	private final Map<String, Counter> repeated = new ConcurrentHashMap<>();

	private final Map<String, Map<String, DistributionSummary>> requestQueriesByUri = new ConcurrentHashMap<>();

	private final Map<String, DistributionSummary> taskQueries = new ConcurrentHashMap<>();

	private final Map<String, DistributionSummary> messageQueries = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry supplies the registry on first use: the data source is wrapped, and may run statements, before
	 * the registry exists, so the registry is referenced lazily to avoid a circular reference
	 */
	public JdbcMetrics(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	/**
	 * Records one executed statement or batch.
	 * @param dataSource the data source bean name
	 * @param operation the statement's operation
	 * @param success whether it completed without throwing
	 * @param nanos how long it took
	 */
	public void recordQuery(String dataSource, SqlOperation operation, boolean success, long nanos) {
		forDataSource(dataSource).timer(operation, success).record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Records the size of an executed batch.
	 * @param dataSource the data source bean name
	 * @param operation the batch's operation
	 * @param size the number of statements in it
	 */
	public void recordBatchSize(String dataSource, SqlOperation operation, int size) {
		forDataSource(dataSource).batchSize(operation).record(size);
	}

	/**
	 * Counts one slow statement.
	 * @param dataSource the data source bean name
	 * @param operation the statement's operation
	 */
	public void countSlowQuery(String dataSource, SqlOperation operation) {
		forDataSource(dataSource).slowQueries(operation).increment();
	}

	/**
	 * Counts one statement shape repeated in one request.
	 * @param dataSource the data source bean name
	 * @param uri the request's URI template
	 */
	public void countRepeatedQuery(String dataSource, String uri) {
		this.repeated.computeIfAbsent(dataSource + ' ' + uri, (key) -> Counter.builder(REPEATED_QUERIES)
			.description("Requests in which one statement shape ran at least the N+1 threshold times, once per shape")
			.baseUnit("queries")
			.tags("datasource", dataSource, "uri", uri)
			.register(registry()))
			.increment();
	}

	/**
	 * Records the number of statements one HTTP request executed.
	 * @param method the request's HTTP method, from a closed set
	 * @param uri the request's URI template
	 * @param count the number of statements
	 */
	public void recordRequestQueries(String method, String uri, int count) {
		// Looked up by URI, then method: no key is built per request.
		Map<String, DistributionSummary> byMethod = this.requestQueriesByUri.get(uri);
		if (byMethod == null) {
			byMethod = this.requestQueriesByUri.computeIfAbsent(uri, (key) -> new ConcurrentHashMap<>());
		}
		DistributionSummary summary = byMethod.get(method);
		if (summary == null) {
			summary = byMethod.computeIfAbsent(method, (key) -> DistributionSummary.builder(REQUEST_QUERIES)
				.description("Number of JDBC statements executed by each HTTP request")
				.baseUnit("queries")
				.tags("method", method, "uri", uri)
				.register(registry()));
		}
		summary.record(count);
	}

	/**
	 * Records the number of statements one scheduled run executed.
	 * @param task the task's name, {@code Class.method}: bounded by the application's code
	 * @param count the number of statements
	 */
	public void recordTaskQueries(String task, int count) {
		DistributionSummary summary = this.taskQueries.get(task);
		if (summary == null) {
			summary = this.taskQueries.computeIfAbsent(task, (key) -> DistributionSummary.builder(TASK_QUERIES)
				.description("Number of JDBC statements executed by each run of a scheduled task")
				.baseUnit("queries")
				.tags("task", task)
				.register(registry()));
		}
		summary.record(count);
	}

	/**
	 * Counts one statement shape repeated in one scheduled run.
	 * @param dataSource the data source bean name
	 * @param task the task's name
	 */
	public void countTaskRepeatedQuery(String dataSource, String task) {
		this.repeated.computeIfAbsent(dataSource + " task " + task, (key) -> Counter.builder(TASK_REPEATED_QUERIES)
			.description("Scheduled runs in which one statement shape ran at least the N+1 threshold times, once per "
					+ "shape")
			.baseUnit("queries")
			.tags("datasource", dataSource, "task", task)
			.register(registry()))
			.increment();
	}

	/**
	 * Records the number of statements the handling of one consumed message executed.
	 * @param topic the message's topic: bounded by the application's listeners
	 * @param count the number of statements
	 */
	public void recordMessageQueries(String topic, int count) {
		DistributionSummary summary = this.messageQueries.get(topic);
		if (summary == null) {
			summary = this.messageQueries.computeIfAbsent(topic, (key) -> DistributionSummary.builder(MESSAGE_QUERIES)
				.description("Number of JDBC statements executed by the handling of each consumed message")
				.baseUnit("queries")
				.tags("topic", topic)
				.register(registry()));
		}
		summary.record(count);
	}

	/**
	 * Counts one statement shape repeated in the handling of one consumed message.
	 * @param dataSource the data source bean name
	 * @param topic the message's topic
	 */
	public void countMessageRepeatedQuery(String dataSource, String topic) {
		this.repeated.computeIfAbsent(dataSource + " topic " + topic, (key) -> Counter
			.builder(MESSAGE_REPEATED_QUERIES)
			.description("Consumed messages whose handling ran one statement shape at least the N+1 threshold times, "
					+ "once per shape")
			.baseUnit("queries")
			.tags("datasource", dataSource, "topic", topic)
			.register(registry()))
			.increment();
	}

	private DataSourceMeters forDataSource(String dataSource) {
		DataSourceMeters meters = this.dataSources.get(dataSource);
		if (meters == null) {
			meters = this.dataSources.computeIfAbsent(dataSource, DataSourceMeters::new);
		}
		return meters;
	}

	private MeterRegistry registry() {
		MeterRegistry registry = this.resolved;
		if (registry == null) {
			registry = this.registry.get();
			this.resolved = registry;
		}
		return registry;
	}

	/**
	 * The meters of one data source, created on first use. A race creates a meter twice at worst, and the registry
	 * hands back the same one.
	 */
	private final class DataSourceMeters {

		private final String name;

		private final @Nullable Timer[] timers = new Timer[OPERATIONS.length * 2];

		private final @Nullable DistributionSummary[] batchSizes = new DistributionSummary[OPERATIONS.length];

		private final @Nullable Counter[] slowQueries = new Counter[OPERATIONS.length];

		DataSourceMeters(String name) {
			this.name = name;
		}

		Timer timer(SqlOperation operation, boolean success) {
			int index = operation.ordinal() * 2 + (success ? 0 : 1);
			Timer timer = this.timers[index];
			if (timer == null) {
				timer = Timer.builder(QUERY)
					.description("Execution time of JDBC statements and batches")
					.tags(Tags.of("datasource", this.name, "operation", operation.tagValue(), "outcome",
							success ? SUCCESS : ERROR))
					.register(registry());
				this.timers[index] = timer;
			}
			return timer;
		}

		DistributionSummary batchSize(SqlOperation operation) {
			DistributionSummary summary = this.batchSizes[operation.ordinal()];
			if (summary == null) {
				summary = DistributionSummary.builder(BATCH_SIZE)
					.description("Number of statements in each executed JDBC batch")
					.baseUnit("statements")
					.tags("datasource", this.name, "operation", operation.tagValue())
					.register(registry());
				this.batchSizes[operation.ordinal()] = summary;
			}
			return summary;
		}

		Counter slowQueries(SqlOperation operation) {
			Counter counter = this.slowQueries[operation.ordinal()];
			if (counter == null) {
				counter = Counter.builder(SLOW_QUERIES)
					.description("JDBC statements slower than the slow-query threshold")
					.baseUnit("queries")
					.tags("datasource", this.name, "operation", operation.tagValue())
					.register(registry());
				this.slowQueries[operation.ordinal()] = counter;
			}
			return counter;
		}

	}

}

package dev.secretlife.observability.errors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts failures in {@value #FAILURES} by exception class (its simple name, as the {@code exception} tag of Spring's
 * {@code http.server.requests}) and kind of unit, and shows the number of distinct fingerprints of the
 * {@link FailureTable} in {@value #FINGERPRINTS}. Neither the message nor the fingerprint is a tag; at most
 * {@code maxExceptionTags} exception classes get a tag value of their own, the others are counted under
 * {@value #OTHER}.
 * <p>
 * Thread-safe.
 */
public final class FailureMetrics implements FailureRecorder {

	/** Name of the counter of failures. */
	public static final String FAILURES = "observability.errors";

	/** Name of the gauge of distinct fingerprints. */
	public static final String FINGERPRINTS = "observability.errors.fingerprints";

	/** Tag value of the exception classes beyond the bound. */
	public static final String OTHER = "OTHER";

	private final MeterRegistry registry;

	private final int maxExceptionTags;

	// Per kind: exception class -> counter. The class (not its name) is the key: no string built per failure.
	private final Map<Class<?>, Counter>[] counters;

	private final Counter[] others;

	/**
	 * Creates the metrics and registers the gauge.
	 * @param registry the registry
	 * @param table the table whose size the gauge shows
	 * @param maxExceptionTags maximum number of exception classes with a tag value of their own, per kind
	 */
	@SuppressWarnings("unchecked")
	public FailureMetrics(MeterRegistry registry, FailureTable table, int maxExceptionTags) {
		this.registry = registry;
		this.maxExceptionTags = Math.max(1, maxExceptionTags);
		this.counters = new Map[FailureKind.values().length];
		this.others = new Counter[this.counters.length];
		for (FailureKind kind : FailureKind.values()) {
			this.counters[kind.ordinal()] = new ConcurrentHashMap<>();
			this.others[kind.ordinal()] = counter(OTHER, kind);
		}
		Gauge.builder(FINGERPRINTS, table, FailureTable::size)
			.description("Distinct failures (fingerprints) seen since the application started, as kept in the failure table")
			.baseUnit("fingerprints")
			.register(registry);
	}

	@Override
	public void record(Failure failure) {
		Map<Class<?>, Counter> byClass = this.counters[failure.kind().ordinal()];
		Class<?> type = failure.error().getClass();
		Counter counter = byClass.get(type);
		if (counter == null) {
			counter = (byClass.size() < this.maxExceptionTags)
					? byClass.computeIfAbsent(type, (key) -> counter(simpleName(key), failure.kind()))
					: this.others[failure.kind().ordinal()];
		}
		counter.increment();
	}

	private Counter counter(String exception, FailureKind kind) {
		return Counter.builder(FAILURES)
			.description("Unhandled failures of requests, scheduled runs and @Async methods")
			.baseUnit("errors")
			.tag("exception", exception)
			.tag("kind", kind.tagValue())
			.register(this.registry);
	}

	private static String simpleName(Class<?> type) {
		String simpleName = type.getSimpleName();
		return simpleName.isEmpty() ? type.getName() : simpleName;
	}

}

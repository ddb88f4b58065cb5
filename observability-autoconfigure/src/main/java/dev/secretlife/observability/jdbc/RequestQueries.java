package dev.secretlife.observability.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The statements one request executed on the thread that handles it: how many, how long in total, and how often
 * each statement shape ran. {@link #open} makes a new one current on the thread; the JDBC listener adds to the
 * current one; the request filter reads it when the request ends.
 * <p>
 * Only the handling thread writes to it. Statements run on other threads (an executor, an async dispatch) are
 * counted in the metrics but not here.
 */
public final class RequestQueries {

	/**
	 * Maximum number of distinct statement shapes tracked per request and data source: a request that runs more
	 * distinct statements still counts them all, but only the first ones are checked for N+1.
	 */
	public static final int MAX_SHAPES = 1000;

	private static final ThreadLocal<@Nullable RequestQueries> CURRENT = new ThreadLocal<>();

	private final @Nullable RequestQueries previous;

	private final boolean trackShapes;

	private int count;

	private long nanos;

	private final Map<String, Map<String, int[]>> shapesByDataSource = new HashMap<>(4);

	private RequestQueries(@Nullable RequestQueries previous, boolean trackShapes) {
		this.previous = previous;
		this.trackShapes = trackShapes;
	}

	/**
	 * Starts accounting on this thread, until {@link #close()}.
	 * @param trackShapes whether to count executions per statement shape, for N+1 detection
	 * @return the new current accounting
	 */
	public static RequestQueries open(boolean trackShapes) {
		RequestQueries queries = new RequestQueries(CURRENT.get(), trackShapes);
		CURRENT.set(queries);
		return queries;
	}

	/**
	 * Returns the accounting of the request handled on this thread.
	 * @return the accounting, or {@code null} outside a request
	 */
	public static @Nullable RequestQueries current() {
		return CURRENT.get();
	}

	/**
	 * Whether the shapes of statements are counted, so that the listener only computes shapes when they are needed.
	 * @return whether shapes are tracked
	 */
	public boolean tracksShapes() {
		return this.trackShapes;
	}

	/**
	 * Adds one executed statement or batch.
	 * @param dataSource the data source bean name
	 * @param shape the statement shape, or {@code null} when shapes are not tracked
	 * @param elapsedNanos how long it took
	 */
	public void add(String dataSource, @Nullable String shape, long elapsedNanos) {
		this.count++;
		this.nanos += elapsedNanos;
		if (shape != null) {
			Map<String, int[]> shapes = this.shapesByDataSource.computeIfAbsent(dataSource, (key) -> new HashMap<>());
			int[] counter = shapes.get(shape);
			if (counter != null) {
				counter[0]++;
			}
			else if (shapes.size() < MAX_SHAPES) {
				shapes.put(shape, new int[] { 1 });
			}
		}
	}

	/**
	 * Returns the number of statements and batches executed so far.
	 * @return the count
	 */
	public int count() {
		return this.count;
	}

	/**
	 * Returns the total time spent executing them.
	 * @return nanoseconds
	 */
	public long nanos() {
		return this.nanos;
	}

	/**
	 * Returns the statement shapes executed at least {@code threshold} times, most frequent first.
	 * @param threshold the minimum number of executions
	 * @return the repeated shapes, empty when none
	 */
	public List<Repeated> repeatedAtLeast(int threshold) {
		List<Repeated> repeated = null;
		for (Map.Entry<String, Map<String, int[]>> dataSource : this.shapesByDataSource.entrySet()) {
			for (Map.Entry<String, int[]> shape : dataSource.getValue().entrySet()) {
				int executions = shape.getValue()[0];
				if (executions >= threshold) {
					if (repeated == null) {
						repeated = new ArrayList<>();
					}
					repeated.add(new Repeated(dataSource.getKey(), shape.getKey(), executions));
				}
			}
		}
		if (repeated == null) {
			return List.of();
		}
		repeated.sort((a, b) -> Integer.compare(b.executions(), a.executions()));
		return repeated;
	}

	/**
	 * Ends the accounting on this thread and makes the one that was current before current again.
	 */
	public void close() {
		if (this.previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(this.previous);
		}
	}

	/**
	 * One statement shape that ran repeatedly in one request.
	 * @param dataSource the data source bean name
	 * @param shape the statement shape
	 * @param executions how many times it ran
	 */
	public record Repeated(String dataSource, String shape, int executions) {
	}

}

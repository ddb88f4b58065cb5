package dev.secretlife.observability.unit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JDBC statements of one unit of work: how many, how long in total, and how often each statement shape ran.
 * The JDBC listener adds to the statements of the {@linkplain UnitOfWork#current() current unit}; the unit's
 * listeners read them when it ends.
 * <p>
 * Bounded by {@link #MAX_SHAPES} shapes per data source and {@link #MAX_SHAPE_CHARS} characters of shapes in all: a
 * unit running more or longer distinct statements still counts them all, but only the first ones are checked for N+1.
 * <p>
 * Written only from a thread on which the unit is current, one at a time. Statements run on other threads (an
 * executor) are counted in the metrics but not here.
 */
public final class UnitStatements {

	/**
	 * Maximum number of distinct statement shapes tracked per unit and data source: a unit that runs more distinct
	 * statements still counts them all, but only the first ones are checked for N+1.
	 */
	public static final int MAX_SHAPES = 1000;

	/**
	 * Maximum number of characters of the distinct statement shapes tracked per unit, over all data sources: with
	 * {@link #MAX_SHAPES}, it bounds what a unit holds however long its statements are. Shapes are themselves cut at
	 * {@code SqlShapes.MAX_SHAPE_LENGTH} characters and hold no literal.
	 */
	public static final int MAX_SHAPE_CHARS = 256 * 1024;

	private final boolean trackShapes;

	private int count;

	private long nanos;

	private int shapeChars;

	private @Nullable Map<String, Map<String, int[]>> shapesByDataSource;

	/**
	 * Creates empty statements.
	 * @param trackShapes whether to count executions per statement shape, for N+1 detection
	 */
	public UnitStatements(boolean trackShapes) {
		this.trackShapes = trackShapes;
	}

	/**
	 * Returns the statements of the unit of work current on this thread.
	 * @return the statements, or {@code null} outside a unit or when statements are not accounted
	 */
	public static @Nullable UnitStatements current() {
		UnitOfWork unit = UnitOfWork.current();
		return (unit != null) ? unit.statements() : null;
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
			Map<String, Map<String, int[]>> byDataSource = this.shapesByDataSource;
			if (byDataSource == null) {
				byDataSource = new HashMap<>(4);
				this.shapesByDataSource = byDataSource;
			}
			Map<String, int[]> shapes = byDataSource.computeIfAbsent(dataSource, (key) -> new HashMap<>());
			int[] counter = shapes.get(shape);
			if (counter != null) {
				counter[0]++;
			}
			else if (shapes.size() < MAX_SHAPES && this.shapeChars + shape.length() <= MAX_SHAPE_CHARS) {
				shapes.put(shape, new int[] { 1 });
				this.shapeChars += shape.length();
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
	 * Returns the total time spent executing them, in milliseconds rounded to microseconds, as log lines show it.
	 * @return milliseconds
	 */
	public double millis() {
		return SummaryFields.millis(this.nanos);
	}

	/**
	 * Returns the statement shapes executed at least {@code threshold} times, most frequent first.
	 * @param threshold the minimum number of executions
	 * @return the repeated shapes, empty when none
	 */
	public List<Repeated> repeatedAtLeast(int threshold) {
		Map<String, Map<String, int[]>> byDataSource = this.shapesByDataSource;
		if (byDataSource == null || this.count < threshold) {
			return List.of();
		}
		List<Repeated> repeated = null;
		for (Map.Entry<String, Map<String, int[]>> dataSource : byDataSource.entrySet()) {
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
	 * One statement shape that ran repeatedly in one unit of work.
	 * @param dataSource the data source bean name
	 * @param shape the statement shape
	 * @param executions how many times it ran
	 */
	public record Repeated(String dataSource, String shape, int executions) {
	}

}

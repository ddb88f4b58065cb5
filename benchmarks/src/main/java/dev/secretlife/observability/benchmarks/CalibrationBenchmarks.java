package dev.secretlife.observability.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slf4j.MDC;

/**
 * The machine's floor, measured in the same run as everything else: every other number reads against these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CalibrationBenchmarks {

	private Timer timer;

	@Setup
	public void setUp() {
		this.timer = Timer.builder("calibration.timer").register(new SimpleMeterRegistry());
	}

	/** The baseline of the group: JMH's own cost of calling a benchmark method. */
	@Benchmark
	public void emptyMethod() {
	}

	@Benchmark
	public long systemNanoTime() {
		return System.nanoTime();
	}

	/** What a cached meter costs per event, the floor of any per-statement or per-request metric. */
	@Benchmark
	public void cachedTimerRecord() {
		this.timer.record(1_000, TimeUnit.NANOSECONDS);
	}

	/** What one MDC key costs per request or per scope: the floor of putting an ID in the logs. */
	@Benchmark
	public void mdcPutRemove() {
		MDC.put("requestId", "0f8fad5b-d9cb-469f-a165-70867728950e");
		MDC.remove("requestId");
	}

}

package dev.secretlife.observability.benchmarks;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import dev.secretlife.observability.requestid.RandomRequestIdGenerator;

/**
 * The default ID generator against what most code writes instead, {@code UUID.randomUUID().toString()}, at two
 * threads: {@code randomUUID()} draws from one shared {@code SecureRandom}, so it is contention that shows the
 * difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(2)
public class RequestIdGeneratorBenchmarks {

	private final RandomRequestIdGenerator generator = new RandomRequestIdGenerator();

	/** The baseline of the group: the alternative. */
	@Benchmark
	public String uuidRandomUuidToString() {
		return UUID.randomUUID().toString();
	}

	@Benchmark
	public String randomRequestIdGenerator() {
		return this.generator.generate();
	}

}

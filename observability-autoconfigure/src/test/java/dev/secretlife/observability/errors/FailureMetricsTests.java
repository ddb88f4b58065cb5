package dev.secretlife.observability.errors;

import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureTable table = new FailureTable(10, 10, (text) -> text, Clock.systemUTC());

	@Test
	void exceptionClassesBeyondTheBoundAreCountedAsOther() {
		FailureMetrics metrics = new FailureMetrics(this.registry, this.table, 2);
		for (Throwable error : new Throwable[] { new IllegalStateException(), new IllegalArgumentException(),
				new UnsupportedOperationException(), new ArithmeticException(), new IllegalStateException() }) {
			metrics.record(new Failure(error, FailureKind.HTTP, "/x", "GET", "f", null, null));
		}
		assertThat(this.registry.get(FailureMetrics.FAILURES).tags("exception", "IllegalStateException").counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(FailureMetrics.FAILURES)
			.tags("exception", FailureMetrics.OTHER, "kind", "http")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(FailureMetrics.FAILURES).tag("kind", "http").counters()).hasSize(3);
	}

}

package dev.secretlife.observability.errors;

import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureTable table = new FailureTable(10, 10, (text) -> text, Clock.systemUTC());

	@Test
	void prometheusNamesAreTheOnesTheAlertsAndTheDashboardQuery() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		FailureMetrics metrics = new FailureMetrics(prometheus, this.table, 10);
		IllegalStateException error = new IllegalStateException("boom");
		metrics.record(new Failure(error, FailureKind.HTTP, "/x", "GET", "f", null, null));
		this.table.record(new Failure(error, FailureKind.HTTP, "/x", "GET", "f", null, null));
		assertThat(prometheus.scrape())
			.contains("observability_errors_total{exception=\"IllegalStateException\",kind=\"http\"} 1.0")
			.contains("observability_errors_fingerprints 1.0");
	}

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

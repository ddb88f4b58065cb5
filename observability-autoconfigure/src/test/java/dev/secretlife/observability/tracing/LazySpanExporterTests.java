package dev.secretlife.observability.tracing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LazySpanExporter}: built once, by its first export or {@link LazySpanExporter#build()}; never by a flush or
 * a shutdown; a failure to build fails the export, which the next export retries.
 */
class LazySpanExporterTests {

	@Test
	void isBuiltOnceByItsFirstExportAndThenExportsThroughIt() {
		AtomicInteger builds = new AtomicInteger();
		InMemorySpanExporter target = InMemorySpanExporter.create();
		LazySpanExporter lazy = new LazySpanExporter("memory", () -> {
			builds.incrementAndGet();
			return target;
		});
		assertThat(lazy.flush().isSuccess()).isTrue();
		assertThat(lazy.built()).isNull();
		assertThat(lazy).hasToString("LazySpanExporter{memory, not built yet}");
		assertThat(lazy.export(List.of()).isSuccess()).isTrue();
		lazy.build();
		assertThat(lazy.export(List.of()).isSuccess()).isTrue();
		assertThat(builds).hasValue(1);
		assertThat(lazy.built()).isSameAs(target);
	}

	@Test
	void shutdownBeforeItWasBuiltNeverBuildsIt() {
		AtomicInteger builds = new AtomicInteger();
		LazySpanExporter lazy = new LazySpanExporter("memory", () -> {
			builds.incrementAndGet();
			return InMemorySpanExporter.create();
		});
		assertThat(lazy.shutdown().isSuccess()).isTrue();
		lazy.build();
		assertThat(lazy.export(List.of()).isSuccess()).isFalse();
		assertThat(builds).hasValue(0);
	}

	@Test
	void failureToBuildFailsTheExportWhichTheNextExportRetries() {
		AtomicInteger attempts = new AtomicInteger();
		InMemorySpanExporter target = InMemorySpanExporter.create();
		LazySpanExporter lazy = new LazySpanExporter("flaky", () -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("endpoint not configured yet");
			}
			return target;
		});
		AtomicInteger lost = new AtomicInteger();
		FailureLoggingSpanExporter exporter = new FailureLoggingSpanExporter(lazy, Duration.ofMinutes(1),
				(spans) -> lost.incrementAndGet());
		CompletableResultCode first = exporter.export(List.of());
		assertThat(first.isSuccess()).isFalse();
		assertThat(lost).hasValue(1);
		assertThat(exporter.export(List.of()).isSuccess()).isTrue();
		assertThat(lazy.built()).isSameAs(target);
		assertThat(attempts).hasValue(2);
	}

}

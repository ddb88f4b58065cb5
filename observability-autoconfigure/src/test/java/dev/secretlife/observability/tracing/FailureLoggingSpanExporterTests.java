package dev.secretlife.observability.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FailureLoggingSpanExporterTests {

	private final AtomicLong now = new AtomicLong();

	@Test
	void logsTheFirstFailureThenOnlyOncePerIntervalWithTheCountSince(CapturedOutput output) {
		FailureLoggingSpanExporter exporter = new FailureLoggingSpanExporter(new FailingExporter(),
				Duration.ofMinutes(1), this.now::get);

		exporter.export(List.of());
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		exporter.export(List.of());
		exporter.export(List.of());
		assertThat(output.getOut().lines().filter((line) -> line.contains("Could not export spans"))).hasSize(1);

		this.now.addAndGet(Duration.ofSeconds(31).toNanos());
		exporter.export(List.of());
		assertThat(output.getOut().lines().filter((line) -> line.contains("Could not export spans")))
			.hasSize(2)
			.last()
			.asString()
			.contains("3 export(s)");
	}

	@Test
	void anExporterThatThrowsIsReportedAsAFailedExport(CapturedOutput output) {
		SpanExporter throwing = new FailingExporter() {
			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				throw new IllegalStateException("broken exporter");
			}
		};
		CompletableResultCode result = new FailureLoggingSpanExporter(throwing, Duration.ofMinutes(1), this.now::get)
			.export(List.of());

		assertThat(result.isSuccess()).isFalse();
		assertThat(output.getOut()).contains("broken exporter");
	}

	@Test
	void warningNamesTheOtlpEndpointWithoutCredentialsOrQuery() {
		OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder()
			.setEndpoint("http://scott:tiger@collector.internal:4318/v1/traces?token=s3cret")
			.build();
		try {
			assertThat(FailureLoggingSpanExporter.describe(otlp))
				.isEqualTo("OtlpHttpSpanExporter to http://collector.internal:4318/v1/traces");
		}
		finally {
			otlp.close();
		}
	}

	@Test
	void exporterWithoutEndpointOrWithAFailingToStringIsNamedByItsClass() {
		assertThat(FailureLoggingSpanExporter.describe(new FailingExporter())).isEqualTo("FailingExporter");
		SpanExporter hostile = new FailingExporter() {
			@Override
			public String toString() {
				throw new IllegalStateException("no");
			}
		};
		assertThat(FailureLoggingSpanExporter.describe(hostile))
			.startsWith(FailureLoggingSpanExporterTests.class.getName() + "$");
	}

	static class FailingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofExceptionalFailure(new IllegalStateException("collector down"));
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}

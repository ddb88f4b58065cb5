package dev.secretlife.observability.autoconfigure.jdbc;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The span of a failed statement on a real H2, with and without {@code observability.jdbc.record-error-messages}.
 */
class JdbcErrorMessagesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true",
				"management.tracing.sampling.probability=1.0")
		.withBean(SimpleMeterRegistry.class)
		.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create);

	@Test
	void keepsTheDatabaseMessageOutOfTheSpanByDefault() {
		String email = "alice-" + UUID.randomUUID() + "@example.com";
		this.contextRunner.run((context) -> {
			SpanData failed = failedStatementSpan(context, email);
			assertThat(failed.toString()).doesNotContain(email);
			assertThat(failed.getAttributes().get(AttributeKey.stringKey("db.response.status_code")))
				.isEqualTo("23505");
			assertThat(failed.getEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
					.isEqualTo("org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException (SQLState 23505, vendor code"
							+ " 23505)"));
		});
	}

	@Test
	void recordsTheDatabaseMessageWhenOptedIn() {
		String email = "alice-" + UUID.randomUUID() + "@example.com";
		this.contextRunner.withPropertyValues("observability.jdbc.record-error-messages=true")
			.run((context) -> assertThat(failedStatementSpan(context, email).toString()).contains(email));
	}

	private static SpanData failedStatementSpan(AssertableApplicationContext context, String email) {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		Tracer tracer = context.getBean(Tracer.class);
		jdbc.execute("create table account (email varchar(200) unique)");
		jdbc.update("insert into account (email) values (?)", email);
		Span parent = tracer.nextSpan().name("parent").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.update("insert into account (email) values (?)", email));
		}
		finally {
			parent.end();
		}
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		List<SpanData> failed = context.getBean(InMemorySpanExporter.class)
			.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
			.toList();
		assertThat(failed).hasSize(1);
		return failed.get(0);
	}

}

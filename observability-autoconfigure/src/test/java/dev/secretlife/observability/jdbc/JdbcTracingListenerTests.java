package dev.secretlife.observability.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcTracingListener} on the real OpenTelemetry SDK through Micrometer Tracing's bridge, on H2. The SDK's
 * sampler here records every span it is asked for, whatever its parent, so that a span the listener starts is seen
 * even under a parent that records nothing.
 */
class JdbcTracingListenerTests {

	private final List<String> ended = new CopyOnWriteArrayList<>();

	private SdkTracerProvider provider;

	private Tracer tracer;

	private DataSource dataSource;

	@BeforeEach
	void setUp() throws SQLException {
		this.provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, ReadWriteSpan span) {
			}

			@Override
			public boolean isStartRequired() {
				return false;
			}

			@Override
			public void onEnd(ReadableSpan span) {
				JdbcTracingListenerTests.this.ended.add(span.getName());
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

		}).build();
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(this.provider).build();
		this.tracer = new OtelTracer(sdk.getTracer("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:tracing-listener-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		this.dataSource = new DataSourceInstrumenter(
				List.of(new JdbcTracingListener(() -> this.tracer, new SqlShapes(), 100)))
			.instrument("items", h2);
	}

	@AfterEach
	void tearDown() {
		this.provider.close();
	}

	@Test
	void statementUnderARecordingParentHasItsSpan() throws SQLException {
		Span parent = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			selectOne();
		}
		parent.end();
		assertThat(this.ended).containsExactly("SELECT", "request");
	}

	@Test
	void statementUnderAParentThatRecordsNothingStartsNoSpan() throws SQLException {
		// An unsampled parent, as a request that was neither sampled nor kept has: the span is not recording.
		SpanContext unsampled = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getDefault(), TraceState.getDefault());
		Span parent = OtelSpan.fromOtel(io.opentelemetry.api.trace.Span.wrap(unsampled));
		assertThat(parent.isNoop()).isTrue();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(parent)) {
			selectOne();
		}
		assertThat(this.ended).isEmpty();
	}

	@Test
	void statementOutsideAnySpanStartsNoSpan() throws SQLException {
		selectOne();
		assertThat(this.ended).isEmpty();
	}

	private void selectOne() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
			try (ResultSet row = statement.executeQuery()) {
				assertThat(row.next()).isTrue();
			}
		}
	}

}

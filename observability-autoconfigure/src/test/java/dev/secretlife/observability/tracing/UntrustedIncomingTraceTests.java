package dev.secretlife.observability.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An edge service on a real Tomcat with {@code observability.tracing.trust-incoming-trace=false}: a caller's
 * {@code traceparent} or {@code b3} neither sets the trace ID nor becomes the parent; the server span starts a new
 * trace and links to the caller's span.
 */
class UntrustedIncomingTraceTests {

	private static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private static ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		context = TwoServicesTracingTests.start(ServletTracingTests.Application.class, "edge",
				"observability.tracing.trust-incoming-trace=false", "management.tracing.sampling.probability=1.0");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void clearSpans() {
		context.getBean(InMemorySpanExporter.class).reset();
	}

	@Test
	void startsANewTraceLinkedToTheCallersTraceparent() throws Exception {
		HttpResponse<String> response = get("/observed", "traceparent",
				"00-" + CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-01");

		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(CALLER_TRACE_ID);
		SpanData server = serverSpan();
		assertThat(server.getTraceId()).isEqualTo(traceId);
		assertThat(server.getParentSpanContext().isValid()).isFalse();
		assertThat(server.getLinks()).singleElement().satisfies((link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(CALLER_TRACE_ID);
			assertThat(link.getSpanContext().getSpanId()).isEqualTo(CALLER_SPAN_ID);
		});
		assertThat(spans()).allSatisfy((span) -> assertThat(span.getTraceId()).isNotEqualTo(CALLER_TRACE_ID));
	}

	@Test
	void startsANewTraceLinkedToTheCallersB3() throws Exception {
		HttpResponse<String> response = get("/observed", "b3", CALLER_TRACE_ID + "-" + CALLER_SPAN_ID + "-1");

		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(traceId).isNotEqualTo(CALLER_TRACE_ID);
		assertThat(serverSpan().getLinks()).singleElement()
			.satisfies((link) -> assertThat(link.getSpanContext().getTraceId()).isEqualTo(CALLER_TRACE_ID));
	}

	@Test
	void startsANewTraceWithoutLinkForAMalformedOrMissingTraceparent() throws Exception {
		for (String traceparent : List.of("00-" + "0".repeat(32) + "-" + CALLER_SPAN_ID + "-01", "garbage",
				"00-" + CALLER_TRACE_ID.toUpperCase() + "-" + CALLER_SPAN_ID + "-01")) {
			clearSpans();
			HttpResponse<String> response = get("/observed", "traceparent", traceparent);
			assertThat(response.statusCode()).isEqualTo(200);
			SpanData server = serverSpan();
			assertThat(server.getParentSpanContext().isValid()).isFalse();
			assertThat(server.getLinks()).as(traceparent).isEmpty();
		}
	}

	private SpanData serverSpan() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(spans()).anyMatch((span) -> span.getKind() == SpanKind.SERVER));
		return spans().stream().filter((span) -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
	}

	private static List<SpanData> spans() {
		context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
		return context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
	}

	private HttpResponse<String> get(String path, String header, String value) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + TwoServicesTracingTests.port(context) + path))
			.header(header, value)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

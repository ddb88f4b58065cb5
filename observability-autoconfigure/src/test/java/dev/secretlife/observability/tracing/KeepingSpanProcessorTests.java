package dev.secretlife.observability.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link KeepingSpanProcessor} on OpenTelemetry's real SDK, at sampling probability 0 (and 1), exporting to an
 * in-memory exporter through the SDK's simple processor.
 */
class KeepingSpanProcessorTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final AtomicInteger dropped = new AtomicInteger();

	private final List<String> kept = new ArrayList<>();

	private KeepingSpanProcessor keeping;

	private SdkTracerProvider provider;

	private Tracer tracer(double probability, long slowerThanNanos, int maxPerUnit, int max) {
		SpanProcessor export = SimpleSpanProcessor.create(this.exporter);
		this.keeping = new KeepingSpanProcessor(() -> List.of(export), true, slowerThanNanos, maxPerUnit, max,
				new KeepingSpanProcessor.Metrics() {

					@Override
					public void kept(String reason) {
						KeepingSpanProcessorTests.this.kept.add(reason);
					}

					@Override
					public void dropped(int spans) {
						KeepingSpanProcessorTests.this.dropped.addAndGet(spans);
					}

				});
		this.provider = SdkTracerProvider.builder()
			.setSampler(new KeepingSampler(Sampler.parentBased(Sampler.traceIdRatioBased(probability))))
			.addSpanProcessor(this.keeping)
			.addSpanProcessor(export)
			.build();
		return this.provider.get("test");
	}

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void unsampledUnitThatEndsWithErrorStatusIsExportedWholeAsSampledAndMarked() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 1000);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		assertThat(root.getSpanContext().isSampled()).as("head decision").isFalse();
		assertThat(root.isRecording()).isTrue();
		child(tracer, root, "select");
		child(tracer, root, "update");
		root.setStatus(StatusCode.ERROR);
		root.end();
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).extracting(SpanData::getName).containsExactly("select", "update", "GET /orders");
		assertThat(spans).allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());
		assertThat(spans.get(2).getAttributes().get(KeepingSpanProcessor.KEPT)).isEqualTo("error");
		assertThat(spans.get(0).getAttributes().get(KeepingSpanProcessor.KEPT)).isNull();
		assertThat(this.kept).containsExactly("error");
		assertThat(this.keeping.heldSpans()).isZero();
	}

	@Test
	void unsampledUnitThatSucceedsFastIsForgottenAndReleasesItsSpans() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 1000);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		child(tracer, root, "select");
		assertThat(this.keeping.heldSpans()).isEqualTo(1);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.keeping.heldSpans()).isZero();
		assertThat(this.kept).isEmpty();
	}

	@Test
	void unsampledUnitSlowerThanTheThresholdIsKeptAsSlow() throws InterruptedException {
		Tracer tracer = tracer(0.0, 1_000_000, 100, 1000);
		Span root = tracer.spanBuilder("task").startSpan();
		Thread.sleep(5);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KeepingSpanProcessor.KEPT)).isEqualTo("slow"));
	}

	@Test
	void rootMarkedByTheUnitListenerIsKeptWithItsMark() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 1000);
		Span root = tracer.spanBuilder("GET /unavailable").startSpan();
		root.setAttribute(KeepingSpanProcessor.ATTRIBUTE, KeepingSpanProcessor.REASON_ERROR);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KeepingSpanProcessor.KEPT)).isEqualTo("error"));
	}

	@Test
	void rootMarkedWithAnyOtherValueIsKeptAsAnErrorSoTheMetricTagStaysBounded() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 1000);
		Span root = tracer.spanBuilder("GET /x").startSpan();
		root.setAttribute(KeepingSpanProcessor.ATTRIBUTE, "user-42-" + System.nanoTime());
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		assertThat(this.kept).containsExactly("error");
	}

	@Test
	void spansBeyondTheBoundOfOneUnitAreDroppedAndCounted() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 3, 1000);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		for (int i = 0; i < 5; i++) {
			child(tracer, root, "select " + i);
		}
		root.setStatus(StatusCode.ERROR);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("select 0", "select 1", "select 2", "GET /orders");
		assertThat(this.dropped).hasValue(2);
	}

	@Test
	void spansBeyondTheBoundOfAllUnitsAreDroppedAndCounted() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 4);
		List<Span> roots = new ArrayList<>();
		for (int unit = 0; unit < 3; unit++) {
			Span root = tracer.spanBuilder("unit " + unit).startSpan();
			roots.add(root);
			child(tracer, root, "a");
			child(tracer, root, "b");
		}
		assertThat(this.keeping.heldSpans()).isEqualTo(4);
		assertThat(this.dropped).hasValue(2);
		roots.forEach(Span::end);
		assertThat(this.keeping.heldSpans()).isZero();
	}

	@Test
	void childThatEndsAfterItsKeptRootIsExportedToo() {
		Tracer tracer = tracer(0.0, Long.MAX_VALUE, 100, 1000);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		Span late = tracer.spanBuilder("async call").setParent(Context.current().with(root)).startSpan();
		root.setStatus(StatusCode.ERROR);
		root.end();
		late.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("GET /orders", "async call");
		assertThat(this.keeping.heldSpans()).isZero();
	}

	@Test
	void sampledSpansAreExportedOnceAndNeverHeld() {
		Tracer tracer = tracer(1.0, 0, 100, 1000);
		Span root = tracer.spanBuilder("GET /orders").startSpan();
		child(tracer, root, "select");
		root.setStatus(StatusCode.ERROR);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("select", "GET /orders");
		assertThat(this.exporter.getFinishedSpanItems())
			.allSatisfy((span) -> assertThat(span.getAttributes().get(KeepingSpanProcessor.KEPT)).isNull());
		assertThat(this.kept).isEmpty();
	}

	@Test
	void remoteUnsampledParentIsNotChangedButTheLocalPartIsKept() {
		Tracer tracer = tracer(1.0, Long.MAX_VALUE, 100, 1000);
		io.opentelemetry.api.trace.SpanContext caller = io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
				"0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getDefault(),
				io.opentelemetry.api.trace.TraceState.getDefault());
		Span server = tracer.spanBuilder("GET /b").setParent(Context.root().with(Span.wrap(caller))).startSpan();
		assertThat(server.getSpanContext().isSampled()).as("the caller's decision travels on").isFalse();
		server.setStatus(StatusCode.ERROR);
		server.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement().satisfies((span) -> {
			assertThat(span.getTraceId()).isEqualTo(caller.getTraceId());
			assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanId());
		});
	}

	private static void child(Tracer tracer, Span parent, String name) {
		tracer.spanBuilder(name).setParent(Context.current().with(parent)).startSpan().end();
	}

}

package dev.secretlife.observability.benchmarks;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.tracing.TracingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * One request's server observation, the part of tracing that every request pays: Spring's
 * {@link ServerHttpObservationFilter} (what Boot registers for {@code http.server.requests}) and the starter's request
 * ID filter, around an application that only sets the status. Each side is a real application context of Boot's own
 * auto-configurations, so the handlers, their order, the OpenTelemetry SDK and the MDC listeners are the ones an
 * application gets:
 * <ul>
 * <li>{@code metricsOnly}, the baseline: observations become timers, no tracer (the app with the starter's tracing
 * off and no Micrometer Tracing bridge);</li>
 * <li>{@code bootTracing}: plus Boot's Micrometer Tracing with the OpenTelemetry bridge at sampling 1.0 (every
 * request a sampled span, the worst case: the starter's default samples one in ten and records the rest for
 * keeping), spans handed to a batch processor whose exporter discards them;</li>
 * <li>{@code starterTracing}: plus the starter's {@link TracingAutoConfiguration}: {@code traceresponse} header,
 * request ID as span attribute and in the baggage.</li>
 * </ul>
 * Request and response are Spring's mocks, new for each request on every side: the container's own work is
 * {@code load.sh}'s to measure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerObservationBenchmarks {

	private static final List<Class<?>> METRICS = List.of(ObservationAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, RequestIdAutoConfiguration.class);

	private static final List<Class<?>> BOOT_TRACING = List.of(OpenTelemetrySdkAutoConfiguration.class,
			OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class);

	/** An application context and the filters a request goes through in it. */
	public abstract static class App {

		private AnnotationConfigServletWebApplicationContext context;

		private Filter observationFilter;

		private Filter requestIdFilter;

		void start(List<Class<?>> autoConfigurations, Class<?>... configurations) {
			this.context = new AnnotationConfigServletWebApplicationContext();
			this.context.setServletContext(new MockServletContext());
			this.context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("benchmarks",
						Map.of("spring.application.name", "benchmarks", "management.tracing.sampling.probability",
								"1.0")));
			Class<?>[] ordered = Configurations
				.getClasses(AutoConfigurations.of(autoConfigurations.toArray(Class<?>[]::new)));
			this.context.register(ordered);
			if (configurations.length > 0) {
				this.context.register(configurations);
			}
			this.context.refresh();
			this.observationFilter = new ServerHttpObservationFilter(this.context.getBean(ObservationRegistry.class));
			this.requestIdFilter = this.context.getBean(FilterRegistrationBean.class).getFilter();
		}

		/**
		 * Sends one request and fails the benchmark unless it was traced, and had the {@code traceresponse} header,
		 * as this side should: a side that silently measured less than its name says would be worse than none.
		 */
		void verify(boolean traced, boolean traceResponse) throws ServletException, IOException {
			Tracer tracer = this.context.getBeanProvider(Tracer.class).getIfAvailable();
			boolean[] inSpan = new boolean[1];
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.observationFilter.doFilter(new MockHttpServletRequest("GET", "/products/1"), response,
					(req, res) -> this.requestIdFilter.doFilter(req, res,
							(appRequest, appResponse) -> inSpan[0] = tracer != null && tracer.currentSpan() != null));
			boolean hasTraceResponse = response.getHeader("traceresponse") != null;
			if (inSpan[0] != traced || hasTraceResponse != traceResponse) {
				throw new IllegalStateException("Expected traced=" + traced + " traceresponse=" + traceResponse
						+ ", got traced=" + inSpan[0] + " traceresponse=" + hasTraceResponse);
			}
		}

		@TearDown
		public void stop() {
			this.context.close();
		}

		int request() throws ServletException, IOException {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/products/1");
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.observationFilter.doFilter(request, response,
					(req, res) -> this.requestIdFilter.doFilter(req, res, Application.INSTANCE));
			return response.getStatus();
		}

	}

	/** The application: answers 200. */
	enum Application implements FilterChain {

		INSTANCE;

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) {
			((HttpServletResponse) response).setStatus(200);
		}

	}

	/** The span exporter: takes every batch and drops it, as a collector that keeps up would. */
	public static class DiscardingExporterConfiguration {

		@Bean
		SpanExporter discardingSpanExporter() {
			return new SpanExporter() {

				@Override
				public CompletableResultCode export(Collection<SpanData> spans) {
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode flush() {
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode shutdown() {
					return CompletableResultCode.ofSuccess();
				}

			};
		}

	}

	@State(Scope.Benchmark)
	public static class MetricsOnly extends App {

		@Setup
		public void setUp() throws ServletException, IOException {
			start(METRICS);
			verify(false, false);
		}

	}

	@State(Scope.Benchmark)
	public static class BootTracing extends App {

		@Setup
		public void setUp() throws ServletException, IOException {
			start(concat(METRICS, BOOT_TRACING), DiscardingExporterConfiguration.class);
			verify(true, false);
		}

	}

	@State(Scope.Benchmark)
	public static class StarterTracing extends App {

		@Setup
		public void setUp() throws ServletException, IOException {
			start(concat(concat(METRICS, BOOT_TRACING), List.of(TracingAutoConfiguration.class)),
					DiscardingExporterConfiguration.class);
			verify(true, true);
		}

	}

	private static List<Class<?>> concat(List<Class<?>> first, List<Class<?>> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	/** The baseline of the group: the request observed as a timer only. */
	@Benchmark
	public int metricsOnly(MetricsOnly app) throws ServletException, IOException {
		return app.request();
	}

	/** Boot's tracing on top: one recorded span per request. */
	@Benchmark
	public int bootTracing(BootTracing app) throws ServletException, IOException {
		return app.request();
	}

	/** The starter's tracing additions on top of Boot's. */
	@Benchmark
	public int starterTracing(StarterTracing app) throws ServletException, IOException {
		return app.request();
	}

}

package dev.secretlife.observability.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.secretlife.observability.web.RequestSummaryLogger;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The request summary line, per request: Spring's observation filter with the starter's servlet unit of work ending
 * with the {@link RequestSummaryLogger} as the auto-configuration builds it with the default properties, writing its
 * one line per request through the starter's JSON encoder (Boot's structured logging with the starter's formatter,
 * masking on) into a stream that discards the bytes, against the same observed chain without the starter. The request's MDC holds the request ID, trace ID and span ID, as
 * the outer filters leave it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestSummaryBenchmarks {

	/** The filter, and the summary logger's logback logger writing JSON to a discarding stream. */
	@State(Scope.Benchmark)
	public static class Filter {

		private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

		final ServerHttpObservationFilter baseline = StarterComponents.observationFilter();

		final ServerHttpObservationFilter filter = StarterComponents.observationFilter(new RequestSummaryLogger(
				List.of("/actuator/**"), 1.0, 256, org.slf4j.event.Level.INFO, org.slf4j.event.Level.WARN,
				org.slf4j.event.Level.ERROR));

		private Logger logger;

		@Setup
		public void setUp() {
			OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
			appender.setContext(this.context);
			appender.setName("request-summary");
			appender.setEncoder(StarterComponents.jsonEncoder(this.context, true));
			appender.setOutputStream(new LoggingBenchmarks.DiscardingOutputStream());
			appender.start();
			this.logger = this.context.getLogger(RequestSummaryLogger.LOGGER_NAME);
			this.logger.setAdditive(false);
			this.logger.setLevel(Level.INFO);
			this.logger.addAppender(appender);
		}

		@TearDown
		public void tearDown() {
			this.logger.detachAndStopAllAppenders();
		}

	}

	/** One request and response per thread, the request's MDC, and the end of the chain (the application). */
	@State(Scope.Thread)
	public static class Exchange implements FilterChain {

		final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/products/42");

		final MockHttpServletResponse response = new MockHttpServletResponse();

		@SuppressWarnings("unused")
		private ServletRequest handled;

		@Setup
		public void setUp() {
			MDC.put("requestId", "0f8fad5b-d9cb-469f-a165-70867728950e");
			MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
			MDC.put("spanId", "00f067aa0ba902b7");
		}

		@TearDown
		public void tearDown() {
			MDC.clear();
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) {
			// What Spring MVC leaves on the observation once a handler matched.
			ServerHttpObservationFilter.findObservationContext((HttpServletRequest) request)
				.ifPresent((context) -> context.setPathPattern("/products/{id}"));
			this.handled = request;
		}

	}

	/** The baseline of the group: the chain inside Spring's observation of the request, without the starter. */
	@Benchmark
	public void withoutFilter(Filter filter, Exchange exchange) throws ServletException, IOException {
		filter.baseline.doFilter(exchange.request, exchange.response, exchange);
	}

	/** The request as a unit of work with the summary line as its listener: one JSON line per request. */
	@Benchmark
	public void summaryLine(Filter filter, Exchange exchange) throws ServletException, IOException {
		filter.filter.doFilter(exchange.request, exchange.response, exchange);
	}

}

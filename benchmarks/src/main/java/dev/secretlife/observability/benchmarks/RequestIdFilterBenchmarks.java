package dev.secretlife.observability.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import dev.secretlife.observability.requestid.RandomRequestIdGenerator;
import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.requestid.RequestIdFilter;
import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.requestid.RequestIdValidator;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * One request through {@link RequestIdFilter} (resolve or generate the ID, request attribute, MDC put and restore,
 * response header) against the same chain without it, at one and two threads.
 * <p>
 * The request and response are Spring's {@code MockHttpServletRequest}/{@code Response}, reused by each thread:
 * nothing real is cheaper to measure at this level, and a real container's own cost per request (parsing, socket
 * I/O) is measured by {@code load.sh} instead. Both sides of the comparison do the same per-call reset (removing
 * the request-ID attribute), so the difference is the filter alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestIdFilterBenchmarks {

	static final String HEADER = "X-Request-ID";

	/** The filter as the auto-configuration builds it with the default properties. */
	@State(Scope.Benchmark)
	public static class Filter {

		final RequestIdFilter filter = new RequestIdFilter(new RequestIdResolver(List.of(HEADER),
				new RequestIdValidator(RequestIdValidator.DEFAULT_MAX_LENGTH), new RandomRequestIdGenerator(), true),
				"requestId", HEADER);

	}

	/** One request and response per thread, and the end of the chain (the application). */
	@State(Scope.Thread)
	public static class Exchange implements FilterChain {

		final MockHttpServletRequest withoutId = new MockHttpServletRequest("GET", "/products/1");

		final MockHttpServletRequest withValidId = new MockHttpServletRequest("GET", "/products/1");

		final MockHttpServletResponse response = new MockHttpServletResponse();

		@SuppressWarnings("unused")
		private ServletRequest handled;

		@Setup
		public void setUp() {
			this.withValidId.addHeader(HEADER, "0f8fad5b-d9cb-469f-a165-70867728950e");
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) {
			this.handled = request;
		}

		MockHttpServletRequest fresh(MockHttpServletRequest request) {
			request.removeAttribute(RequestId.ATTRIBUTE);
			return request;
		}

	}

	/** The baseline of the group: the chain without the filter. */
	@Benchmark
	@Threads(1)
	public void withoutFilter(Exchange exchange) throws ServletException, IOException {
		exchange.doFilter(exchange.fresh(exchange.withoutId), exchange.response);
	}

	/** No incoming ID: one is generated. The common case at an edge service. */
	@Benchmark
	@Threads(1)
	public void filterGeneratingId(Filter filter, Exchange exchange) throws ServletException, IOException {
		filter.filter.doFilter(exchange.fresh(exchange.withoutId), exchange.response, exchange);
	}

	/** A valid incoming ID: it is validated and reused. The common case behind a gateway. */
	@Benchmark
	@Threads(1)
	public void filterAcceptingIncomingId(Filter filter, Exchange exchange) throws ServletException, IOException {
		filter.filter.doFilter(exchange.fresh(exchange.withValidId), exchange.response, exchange);
	}

	/** The baseline of the two-thread group. */
	@Benchmark
	@Threads(2)
	public void withoutFilter2Threads(Exchange exchange) throws ServletException, IOException {
		withoutFilter(exchange);
	}

	@Benchmark
	@Threads(2)
	public void filterGeneratingId2Threads(Filter filter, Exchange exchange) throws ServletException, IOException {
		filterGeneratingId(filter, exchange);
	}

	@Benchmark
	@Threads(2)
	public void filterAcceptingIncomingId2Threads(Filter filter, Exchange exchange)
			throws ServletException, IOException {
		filterAcceptingIncomingId(filter, exchange);
	}

}

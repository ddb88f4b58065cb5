package dev.secretlife.observability.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcUnitListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.NPlusOneFailFilter;
import dev.secretlife.observability.jdbc.NPlusOneMode;
import dev.secretlife.observability.jdbc.NPlusOneQueryException;
import dev.secretlife.observability.jdbc.SqlShapes;
import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The servlet unit of work behind Spring's own {@link ServerHttpObservationFilter}: the facts every listener gets are
 * those of the request's {@code http.server.requests} observation.
 */
class ServletUnitOfWorkHandlerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final JdbcMetrics metrics = new JdbcMetrics(() -> this.meters);

	private final List<UnitOfWork> ended = new ArrayList<>();

	private final ObservationRegistry observations = ObservationRegistry.create();

	ServletUnitOfWorkHandlerTests() {
		UnitOfWorkSupport support = new UnitOfWorkSupport(true, true, "requestId", UnitOfWorkSupport.LogContext.NONE,
				() -> List.of(new JdbcUnitListener(this.metrics,
						new NPlusOneDetector(3, NPlusOneMode.WARN, List.of(), this.metrics, 100)), this.ended::add));
		this.observations.observationConfig().observationHandler(new ServletUnitOfWorkHandler(support));
	}

	@Test
	void routeIsTheObservationsUriTagSetFromThePathPatternDuringTheChain() throws Exception {
		request("GET", "/orders/42", 200, "/orders/{id}", 2);
		assertThat(this.meters.get("jdbc.request.queries").tag("uri", "/orders/{id}").tag("method", "GET").summary()
			.totalAmount()).isEqualTo(2);
		assertThat(this.ended).singleElement().satisfies((unit) -> {
			assertThat(unit.route()).isEqualTo("/orders/{id}");
			assertThat(unit.path()).isEqualTo("/orders/42");
			assertThat(unit.outcome()).isEqualTo("SUCCESS");
			assertThat(unit.statements().count()).isEqualTo(2);
		});
	}

	@Test
	void unmatchedRequestsGetSpringsConstantsNeverTheRawPath() throws Exception {
		request("GET", "/raw/path/123", 404, null, 0);
		request("GET", "/raw/path/123", 302, null, 0);
		request("GET", "/raw/path/123", 200, null, 0);
		request("BREW", "/raw/path/123", 200, null, 0);
		request("POST", "/raw/path/123", 404, "/**", 0);
		request("GET", "/", 200, "", 0);
		assertThat(this.meters.find("jdbc.request.queries").summaries()).extracting((s) -> s.getId().getTag("uri"))
			.containsExactlyInAnyOrder("NOT_FOUND", "REDIRECTION", "UNKNOWN", "UNKNOWN", "/**", "root");
		assertThat(this.meters.find("jdbc.request.queries").tag("method", "UNKNOWN").summaries()).hasSize(1);
		assertThat(this.ended).extracting(UnitOfWork::route)
			.containsExactly("NOT_FOUND", "REDIRECTION", "UNKNOWN", "UNKNOWN", "/**", "root");
	}

	@Test
	void exceptionIsTheApplicationsUnwrappedFromTheContainersWrapper() {
		IllegalStateException failure = new IllegalStateException("boom");
		HttpServlet throwing = new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException {
				throw new ServletException(failure);
			}

		};
		assertThatExceptionOfType(ServletException.class).isThrownBy(() -> chain(throwing,
				new ServerHttpObservationFilter(this.observations))
			.doFilter(new MockHttpServletRequest("GET", "/boom"), new MockHttpServletResponse()));
		assertThat(this.ended).singleElement().satisfies((unit) -> {
			assertThat(unit.error()).isSameAs(failure);
			assertThat(unit.status()).isEqualTo(500);
			assertThat(unit.failed()).isTrue();
			assertThat(unit.outcome()).isEqualTo("SERVER_ERROR");
		});
	}

	@Test
	void requestIdSetBeforeTheObservationIsTheUnitsId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setAttribute(RequestId.ATTRIBUTE, "rid-7");
		chain(new Handler(0, (req) -> {
		}), new ServerHttpObservationFilter(this.observations)).doFilter(request, new MockHttpServletResponse());
		assertThat(this.ended).singleElement().satisfies((unit) -> assertThat(unit.requestId()).isEqualTo("rid-7"));
	}

	@Test
	void repeatedShapeIsCountedAndFailModeFailsTheRequestWithTheRouteInTheMessage() {
		NPlusOneDetector failing = new NPlusOneDetector(3, NPlusOneMode.FAIL, List.of(), this.metrics, 100);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		assertThatExceptionOfType(NPlusOneQueryException.class)
			.isThrownBy(() -> chain(new Handler(3, pattern("/orders")),
					new ServerHttpObservationFilter(this.observations), new NPlusOneFailFilter(failing))
				.doFilter(request, new MockHttpServletResponse()))
			.withMessageContaining("ran 3 times in GET /orders (threshold 3")
			.satisfies((ex) -> assertThat(ex.getRepeated()).singleElement()
				.satisfies((repeated) -> assertThat(repeated.shape()).isEqualTo("select * from t where id = ?")));
		assertThat(this.meters.get("jdbc.repeated.queries").tag("uri", "/orders").counter().count()).isEqualTo(1);
		assertThat(this.ended).singleElement().satisfies((unit) -> assertThat(unit.status()).isEqualTo(500));
	}

	@Test
	void leavesTheThreadWithoutAUnitAfterTheRequest() throws Exception {
		request("GET", "/", 200, null, 1);
		assertThat(UnitOfWork.current()).isNull();
		assertThat(UnitStatements.current()).isNull();
	}

	@Test
	void fieldsAddedByTheApplicationReachTheListeners() throws Exception {
		chain(new Handler(0, (req) -> UnitOfWork.current().put("cacheHits", 2)),
				new ServerHttpObservationFilter(this.observations))
			.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse());
		assertThat(this.ended).singleElement().satisfies((unit) -> assertThat(unit.fields()).containsEntry("cacheHits", 2));
	}

	private void request(String method, String path, int status, String pattern, int statements) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		chain(new Handler(statements, (req) -> {
			pattern(pattern).accept(req);
			response.setStatus(status);
		}), new ServerHttpObservationFilter(this.observations))
			.doFilter(new MockHttpServletRequest(method, path), response);
	}

	private static Consumer<HttpServletRequest> pattern(String pattern) {
		return (request) -> {
			if (pattern != null) {
				ServerHttpObservationFilter.findObservationContext(request)
					.ifPresent((context) -> context.setPathPattern(pattern));
			}
		};
	}

	private static MockFilterChain chain(HttpServlet servlet, Filter... filters) {
		return new MockFilterChain(servlet, filters);
	}

	/**
	 * Stands for an application running statements: it adds them to the current unit as the JDBC listener would, 1 ms
	 * each, all of one shape.
	 */
	private static final class Handler extends HttpServlet {

		private final int statements;

		private final Consumer<HttpServletRequest> handler;

		Handler(int statements, Consumer<HttpServletRequest> handler) {
			this.statements = statements;
			this.handler = handler;
		}

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) {
			UnitStatements current = UnitStatements.current();
			for (int i = 0; i < this.statements; i++) {
				current.add("dataSource", SqlShapes.shape("select * from t where id = " + i), 1_000_000);
			}
			this.handler.accept(request);
		}

	}

}

package dev.secretlife.observability.jdbc;

import java.util.List;

import dev.secretlife.observability.web.RequestSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcRequestFilterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final JdbcMetrics metrics = new JdbcMetrics(() -> this.registry);

	@Test
	void tagsWithTheRouteTemplateSetDuringTheChain() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");
		filter(null).doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new RunsStatements(2,
				(req) -> req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders/{id}"))));
		assertThat(this.registry.get("jdbc.request.queries").tag("uri", "/orders/{id}").tag("method", "GET").summary()
			.totalAmount()).isEqualTo(2);
	}

	@Test
	void readsTheSameAttributeAsSpringMvc() {
		assertThat(JdbcRequestFilter.BEST_MATCHING_PATTERN_ATTRIBUTE)
			.isEqualTo(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
	}

	@Test
	void fallsBackToConstantsNeverToTheRawPath() throws Exception {
		request("GET", 404, null);
		request("GET", 302, null);
		request("GET", 200, null);
		request("BREW", 200, null);
		assertThat(this.registry.find("jdbc.request.queries").summaries()).extracting((s) -> s.getId().getTag("uri"))
			.containsExactlyInAnyOrder("NOT_FOUND", "REDIRECTION", "UNKNOWN", "UNKNOWN");
		assertThat(this.registry.find("jdbc.request.queries").tag("method", "UNKNOWN").summaries()).hasSize(1);
	}

	@Test
	void keepsTheStaticResourcePatternOnA404AndNamesAnEmptyTemplateRootAsSpringDoes() throws Exception {
		request("POST", 404, "/**");
		request("GET", 200, "");
		assertThat(this.registry.find("jdbc.request.queries").summaries()).extracting((s) -> s.getId().getTag("uri"))
			.containsExactlyInAnyOrder("/**", "root");
	}

	private void request(String method, int status, String pattern) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(status);
		filter(null).doFilter(new MockHttpServletRequest(method, "/raw/path/123"), response,
				new MockFilterChain(new RunsStatements(0, (req) -> {
					if (pattern != null) {
						req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
					}
				})));
	}

	@Test
	void putsCountAndTimeIntoTheRequestSummary() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		RequestSummary summary = new RequestSummary();
		request.setAttribute(RequestSummary.ATTRIBUTE, summary);
		filter(null).doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain(new RunsStatements(3, (req) -> {
				})));
		assertThat(summary.fields()).containsEntry("dbQueries", 3).containsEntry("dbTimeMs", 3.0);
	}

	@Test
	void failModeThrowsAfterTheChainWithTheRouteInTheMessage() {
		NPlusOneDetector detector = new NPlusOneDetector(3, NPlusOneMode.FAIL, List.of(), this.metrics, 100);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		assertThatExceptionOfType(NPlusOneQueryException.class)
			.isThrownBy(() -> filter(detector).doFilter(request, new MockHttpServletResponse(),
					new MockFilterChain(new RunsStatements(3, (req) -> req
						.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders")))))
			.withMessageContaining("ran 3 times in GET /orders (threshold 3")
			.satisfies((ex) -> assertThat(ex.getRepeated()).singleElement()
				.satisfies((repeated) -> assertThat(repeated.shape()).isEqualTo("select * from t where id = ?")));
	}

	@Test
	void leavesTheThreadWithoutAccountingAfterTheRequest() throws Exception {
		filter(null).doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(),
				new MockFilterChain(new RunsStatements(1, (req) -> {
				})));
		assertThat(RequestQueries.current()).isNull();
	}

	private JdbcRequestFilter filter(NPlusOneDetector detector) {
		return new JdbcRequestFilter(this.metrics, detector);
	}

	/**
	 * A servlet that stands for an application running statements: it adds them to the current accounting as the
	 * JDBC listener would, 1 ms each.
	 */
	private static final class RunsStatements extends jakarta.servlet.http.HttpServlet {

		private final int statements;

		private final java.util.function.Consumer<jakarta.servlet.http.HttpServletRequest> handler;

		RunsStatements(int statements, java.util.function.Consumer<jakarta.servlet.http.HttpServletRequest> handler) {
			this.statements = statements;
			this.handler = handler;
		}

		@Override
		protected void service(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
			RequestQueries queries = RequestQueries.current();
			for (int i = 0; i < this.statements; i++) {
				queries.add("dataSource", queries.tracksShapes() ? SqlShapes.shape("select * from t where id = " + i)
						: null, 1_000_000);
			}
			this.handler.accept(request);
		}

	}

}

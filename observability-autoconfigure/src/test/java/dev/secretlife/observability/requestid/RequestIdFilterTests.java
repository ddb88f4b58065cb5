package dev.secretlife.observability.requestid;

import java.util.List;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter's own answer to values that Tomcat already rejects as malformed HTTP but a more lenient server might
 * pass on (mock requests, because no real server here lets them through), and the reuse of one ID across the
 * dispatches of one request.
 */
class RequestIdFilterTests {

	private final RequestIdFilter filter = new RequestIdFilter(new RequestIdResolver(List.of("X-Request-ID"),
			new RequestIdValidator(128), () -> "generated-id", true), "requestId", "X-Request-ID");

	@ParameterizedTest
	@ValueSource(strings = { "nu\u0000l", "cr\rinside", "lf\ninside", "crlf\r\nX-Injected: evil", "del\u007f" })
	void replacesValuesThatWouldSplitAHeaderOrALogLine(String hostile) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-ID", hostile);
		MockHttpServletResponse response = new MockHttpServletResponse();
		String[] seen = new String[2];
		this.filter.doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
		}) {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				seen[0] = RequestId.get();
				seen[1] = MDC.get("requestId");
			}
		});
		assertThat(response.getHeader("X-Request-ID")).isEqualTo("generated-id");
		assertThat(seen).containsExactly("generated-id", "generated-id");
		assertThat(MDC.get("requestId")).isNull();
		assertThat(RequestId.get()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ASYNC", "ERROR" })
	void laterDispatchesOfARequestReuseItsId(DispatcherType dispatcherType) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		this.filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
		String first = (String) request.getAttribute(RequestId.ATTRIBUTE);

		request.setDispatcherType(dispatcherType);
		MockHttpServletResponse laterResponse = new MockHttpServletResponse();
		RequestIdFilter otherGenerator = new RequestIdFilter(new RequestIdResolver(List.of("X-Request-ID"),
				new RequestIdValidator(128), () -> "must-not-be-used", true), "requestId", "X-Request-ID");
		otherGenerator.doFilter(request, laterResponse, new MockFilterChain());

		assertThat(first).isEqualTo("generated-id");
		assertThat(laterResponse.getHeader("X-Request-ID")).isEqualTo("generated-id");
	}

}

package dev.secretlife.observability.jdbc;

import java.io.IOException;

import dev.secretlife.observability.unit.UnitStatements;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The N+1 check's fail mode on the servlet stack: after the application has handled a request, throws
 * {@link NPlusOneQueryException} when the request repeated a statement shape, so that the request fails while it can
 * still fail. Registered only in fail mode, inside Spring's observation filter (the request's unit of work is current,
 * and the exception is what {@code http.server.requests} and the summary line record).
 * <p>
 * If the response is not committed yet, the servlet container turns the exception into a 500 error response; if it
 * is (the body was already written and flushed), the client keeps the response it got and the exception is only
 * logged. Test clients that call the filter chain directly, such as MockMvc, see the exception itself. A request that
 * already failed keeps its own exception.
 */
public class NPlusOneFailFilter extends OncePerRequestFilter {

	private final NPlusOneDetector detector;

	public NPlusOneFailFilter(NPlusOneDetector detector) {
		this.detector = detector;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, response);
		UnitStatements statements = UnitStatements.current();
		if (statements != null) {
			this.detector.failIfRepeated(statements, request.getMethod() + " " + routeOf(request));
		}
	}

	/**
	 * The route for the exception's message: the handler's path pattern, which Spring MVC has put on the request's
	 * observation context by now (the {@code uri} tag itself is computed only when the observation stops).
	 */
	private static String routeOf(HttpServletRequest request) {
		return ServerHttpObservationFilter.findObservationContext(request)
			.map(ServerRequestObservationContext::getPathPattern)
			.orElse(request.getRequestURI().isEmpty() ? "/" : "UNKNOWN");
	}

}

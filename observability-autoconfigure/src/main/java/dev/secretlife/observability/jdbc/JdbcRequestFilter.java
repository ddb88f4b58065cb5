package dev.secretlife.observability.jdbc;

import java.io.IOException;

import dev.secretlife.observability.web.RequestSummary;
import dev.secretlife.observability.web.RequestSummaryLogger;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filter that accounts the JDBC statements of each request: it opens a {@link RequestQueries} on the
 * handling thread, and when the request ends records {@code jdbc.request.queries}, hands {@code dbQueries} and
 * {@code dbTimeMs} to the request's {@link RequestSummary} (when the request log is on), and runs the N+1 check.
 * <p>
 * In fail mode the N+1 check throws {@link NPlusOneQueryException} out of this filter, after the application has
 * handled the request. If the response is not committed yet, the servlet container turns it into a 500 error
 * response; if it is (the body was already written and flushed), the client keeps the response it got and the
 * exception is only logged by the container. Test clients that call the filter chain directly, such as MockMvc,
 * see the exception itself.
 */
public class JdbcRequestFilter extends OncePerRequestFilter {

	/** Method tag value for a non-standard HTTP method, as in Spring's {@code http.server.requests}. */
	public static final String METHOD_UNKNOWN = "UNKNOWN";

	/**
	 * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, spelled out: that constant is computed at
	 * run time, so referring to it would make this filter need Spring MVC on the classpath.
	 */
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping"
			+ ".bestMatchingPattern";

	private static final String[] STANDARD_METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE" };

	private final JdbcMetrics metrics;

	private final @Nullable NPlusOneDetector detector;

	/**
	 * Creates the filter.
	 * @param metrics where to record the statements per request
	 * @param detector the N+1 check, or {@code null} for none
	 */
	public JdbcRequestFilter(JdbcMetrics metrics, @Nullable NPlusOneDetector detector) {
		this.metrics = metrics;
		this.detector = detector;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestQueries queries = RequestQueries.open(this.detector != null);
		boolean completed = false;
		try {
			chain.doFilter(request, response);
			completed = true;
		}
		finally {
			queries.close();
			finish(request, response, queries, completed);
		}
	}

	private void finish(HttpServletRequest request, HttpServletResponse response, RequestQueries queries,
			boolean completed) {
		String method = methodOf(request);
		String uri = uriOf(request, response);
		if (request.getAttribute(RequestSummary.ATTRIBUTE) instanceof RequestSummary summary) {
			summary.put("dbQueries", queries.count());
			summary.put("dbTimeMs", Math.round(queries.nanos() / 1000.0) / 1000.0);
		}
		try {
			this.metrics.recordRequestQueries(method, uri, queries.count());
		}
		catch (RuntimeException ex) {
			// Never let accounting replace the request's own outcome.
			logger.debug("Could not record the JDBC statements of a request", ex);
		}
		if (this.detector != null) {
			try {
				this.detector.check(queries, method, uri);
			}
			catch (NPlusOneQueryException ex) {
				if (completed) {
					throw ex;
				}
				// The request already failed: its own exception is the one to see, ours is only logged.
				logger.warn(ex.getMessage());
			}
		}
	}

	private static String methodOf(HttpServletRequest request) {
		String method = request.getMethod();
		for (String standard : STANDARD_METHODS) {
			if (standard.equals(method)) {
				return standard;
			}
		}
		return METHOD_UNKNOWN;
	}

	/**
	 * The {@code uri} tag: the route by the rule of Spring's {@code http.server.requests} and of the summary line's
	 * {@code route} ({@link RequestSummaryLogger#route}), so that the three join on it. A 404 from Spring MVC's static
	 * resource handler is therefore {@code /**}, its pattern, as in {@code http.server.requests}.
	 */
	private static String uriOf(HttpServletRequest request, HttpServletResponse response) {
		Object pattern = request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE);
		return RequestSummaryLogger.route((pattern instanceof String template) ? template : null, response.getStatus());
	}

}

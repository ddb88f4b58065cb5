package dev.secretlife.observability.jdbc;

import java.io.IOException;

import dev.secretlife.observability.web.RequestSummary;
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

	/** URI tag value when the request matched no route and was not found. */
	public static final String URI_NOT_FOUND = "NOT_FOUND";

	/** URI tag value when the request matched no route and was redirected. */
	public static final String URI_REDIRECTION = "REDIRECTION";

	/** URI tag value when the request matched no route for another reason: never the raw path. */
	public static final String URI_UNKNOWN = "UNKNOWN";

	/** Method tag value for a non-standard HTTP method. */
	public static final String METHOD_OTHER = "OTHER";

	/**
	 * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, spelled out: that constant is computed at
	 * run time, so referring to it would make this filter need Spring MVC on the classpath.
	 */
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping"
			+ ".bestMatchingPattern";

	/** Pattern of Spring MVC's static resource handler, which takes every path no controller matched. */
	private static final String CATCH_ALL_PATTERN = "/**";

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
		return METHOD_OTHER;
	}

	private static String uriOf(HttpServletRequest request, HttpServletResponse response) {
		int status = response.getStatus();
		if (request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
				&& !pattern.isEmpty() && !(status == 404 && CATCH_ALL_PATTERN.equals(pattern))) {
			return pattern;
		}
		if (status == 404) {
			return URI_NOT_FOUND;
		}
		if (status >= 300 && status < 400) {
			return URI_REDIRECTION;
		}
		return URI_UNKNOWN;
	}

}

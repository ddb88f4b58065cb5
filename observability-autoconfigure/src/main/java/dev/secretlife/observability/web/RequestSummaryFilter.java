package dev.secretlife.observability.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Servlet filter that writes one summary line per request. It must be registered for the REQUEST and ASYNC
 * dispatcher types, not ERROR:
 * <ul>
 * <li>a request that ends normally (also with a 4xx or 5xx set by the application or by {@code sendError}) gets its
 * line when the REQUEST dispatch returns; the container's later ERROR dispatch to the error page is part of the same
 * request and gets no second line;</li>
 * <li>a request whose handler throws gets its line (status 500, the exception class) as the exception passes
 * through;</li>
 * <li>a request that starts async processing gets its line at the end of the last ASYNC dispatch.</li>
 * </ul>
 */
public class RequestSummaryFilter extends OncePerRequestFilter {

	/**
	 * Order of the filter: inside the request ID filter ({@code HIGHEST_PRECEDENCE}) and Boot's observation filter
	 * ({@code HIGHEST_PRECEDENCE + 1}), so that the request ID and trace ID are still in the MDC when the line is
	 * written; outside everything else, so that the duration and the status are the whole request's.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	private static final String START_ATTRIBUTE = RequestSummaryFilter.class.getName() + ".start";

	private final RequestSummaryLogger summaryLogger;

	public RequestSummaryFilter(RequestSummaryLogger summaryLogger) {
		this.summaryLogger = summaryLogger;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isAsyncDispatch(request)) {
			if (this.summaryLogger.isExcluded(pathWithinApplication(request))) {
				chain.doFilter(request, response);
				return;
			}
			request.setAttribute(RequestSummary.ATTRIBUTE, new RequestSummary());
			request.setAttribute(START_ATTRIBUTE, System.nanoTime());
		}
		else if (!(request.getAttribute(START_ATTRIBUTE) instanceof Long)) {
			chain.doFilter(request, response);
			return;
		}
		Throwable failure = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			if (!request.isAsyncStarted()) {
				writeLine(request, response, failure);
			}
		}
	}

	private void writeLine(HttpServletRequest request, HttpServletResponse response, @Nullable Throwable failure) {
		try {
			long start = (request.getAttribute(START_ATTRIBUTE) instanceof Long value) ? value : System.nanoTime();
			// An exception that leaves the filter chain becomes a 500 unless the response was already sent.
			int status = (failure != null && !response.isCommitted()) ? 500 : response.getStatus();
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			String route = RequestSummaryLogger.route((pattern instanceof String template) ? template : null, status);
			RequestSummary summary = (request.getAttribute(RequestSummary.ATTRIBUTE) instanceof RequestSummary value)
					? value : null;
			this.summaryLogger.log(request.getMethod(), route, request.getRequestURI(), status,
					System.nanoTime() - start, failure, summary);
		}
		catch (RuntimeException ex) {
			// The summary line must never change what the application answers.
		}
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}

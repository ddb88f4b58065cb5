package dev.secretlife.observability.autoconfigure.jdbc.testapp;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.web.RequestSummary;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in for the request log filter (order HIGHEST_PRECEDENCE + 2): creates the request's summary and keeps its
 * fields, by request ID, once the request is done.
 */
public class SummaryCapturingFilter extends OncePerRequestFilter {

	public static final Map<String, Map<String, Object>> SUMMARIES = new ConcurrentHashMap<>();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestSummary summary = new RequestSummary();
		request.setAttribute(RequestSummary.ATTRIBUTE, summary);
		try {
			chain.doFilter(request, response);
		}
		finally {
			String id = RequestId.get();
			if (id != null) {
				SUMMARIES.put(id, Map.copyOf(summary.fields()));
			}
		}
	}

}

package dev.secretlife.observability.requestid;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filter that gives every request an ID: resolved once per request, kept in a request attribute so that
 * async and error dispatches reuse it, current on the thread (and in the MDC) while the request is handled, and
 * echoed in the response before the application writes anything, so that 4xx, 5xx and exceptions carry it too.
 */
public class RequestIdFilter extends OncePerRequestFilter {

	private final RequestIdResolver resolver;

	private final @Nullable String mdcKey;

	private final @Nullable String responseHeader;

	/**
	 * Creates the filter.
	 * @param resolver resolves the ID from the request headers
	 * @param mdcKey the MDC key, or {@code null} for none
	 * @param responseHeader the response header that echoes the ID, or {@code null} for none
	 */
	public RequestIdFilter(RequestIdResolver resolver, @Nullable String mdcKey, @Nullable String responseHeader) {
		this.resolver = resolver;
		this.mdcKey = mdcKey;
		this.responseHeader = responseHeader;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = idOf(request);
		if (this.responseHeader != null) {
			response.setHeader(this.responseHeader, id);
		}
		try (RequestId.Scope scope = RequestId.open(id, this.mdcKey)) {
			chain.doFilter(request, response);
		}
	}

	private String idOf(HttpServletRequest request) {
		Object existing = request.getAttribute(RequestId.ATTRIBUTE);
		if (existing instanceof String id) {
			return id;
		}
		String id = this.resolver.resolve((name) -> headerValues(request, name)).id();
		request.setAttribute(RequestId.ATTRIBUTE, id);
		return id;
	}

	private static List<String> headerValues(HttpServletRequest request, String name) {
		var values = request.getHeaders(name);
		if (values == null || !values.hasMoreElements()) {
			return List.of();
		}
		String first = values.nextElement();
		return values.hasMoreElements() ? Collections.list(request.getHeaders(name)) : Collections.singletonList(first);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}

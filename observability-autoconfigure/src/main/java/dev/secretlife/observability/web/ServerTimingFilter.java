package dev.secretlife.observability.web;

import java.io.IOException;
import java.io.PrintWriter;

import dev.secretlife.observability.unit.UnitStatements;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Adds the {@link ServerTiming Server-Timing} header to servlet responses, just before the response is committed:
 * when the application first asks for the body's stream or writer, flushes, sends an error or a redirect, or, for a
 * response without a body, when the request returns through this filter.
 * <p>
 * Runs inside Spring's {@code ServerHttpObservationFilter}, whose observation carries the request's
 * unit of work and so its JDBC statements.
 */
public class ServerTimingFilter extends OncePerRequestFilter {

	private final ExcludedPaths excludedPaths;

	/**
	 * Creates the filter.
	 * @param excludedPaths paths that never get the header (the actuator's)
	 */
	public ServerTimingFilter(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		String path = (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length())
				: uri;
		return this.excludedPaths.matches(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		UnitStatements statements = ServerTiming
			.statementsOf(ServerHttpObservationFilter.findObservationContext(request).orElse(null));
		TimingResponse timing = new TimingResponse(response, start, statements);
		try {
			chain.doFilter(request, timing);
		}
		finally {
			timing.beforeCommit();
		}
	}

	private static final class TimingResponse extends HttpServletResponseWrapper {

		private final long start;

		private final @Nullable UnitStatements statements;

		private boolean added;

		TimingResponse(HttpServletResponse response, long start, @Nullable UnitStatements statements) {
			super(response);
			this.start = start;
			this.statements = statements;
		}

		void beforeCommit() {
			if (this.added) {
				return;
			}
			this.added = true;
			HttpServletResponse response = (HttpServletResponse) getResponse();
			if (!response.isCommitted()) {
				response.addHeader(ServerTiming.HEADER,
						ServerTiming.value(System.nanoTime() - this.start, this.statements));
			}
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			beforeCommit();
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			beforeCommit();
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			beforeCommit();
			super.flushBuffer();
		}

		@Override
		public void sendError(int sc) throws IOException {
			beforeCommit();
			super.sendError(sc);
		}

		@Override
		public void sendError(int sc, String msg) throws IOException {
			beforeCommit();
			super.sendError(sc, msg);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			beforeCommit();
			super.sendRedirect(location);
		}

	}

}

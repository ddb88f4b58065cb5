package dev.secretlife.observability.web;

import dev.secretlife.observability.requestid.RequestId;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The reactive counterpart of {@link RequestSummaryFilter}: one summary line per exchange, written when the
 * exchange completes, fails or is cancelled. An error that leaves the filter chain is logged with the status the
 * error handler will answer ({@link ErrorResponse}'s status, else 500); a request the client cancels is logged with
 * status 499 ("client closed request").
 */
public class RequestSummaryWebFilter implements WebFilter, Ordered {

	/** Same place as the servlet filter: right after the request ID. */
	public static final int ORDER = RequestSummaryFilter.ORDER;

	/** Status logged for a request the client cancelled. */
	public static final int CLIENT_CLOSED_REQUEST = 499;

	private final RequestSummaryLogger summaryLogger;

	private final @Nullable String requestIdMdcKey;

	/**
	 * Creates the filter.
	 * @param summaryLogger writes the line
	 * @param requestIdMdcKey the MDC key under which the request ID is put while the line is written, or
	 * {@code null}
	 */
	public RequestSummaryWebFilter(RequestSummaryLogger summaryLogger, @Nullable String requestIdMdcKey) {
		this.summaryLogger = summaryLogger;
		this.requestIdMdcKey = requestIdMdcKey;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.summaryLogger.isExcluded(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		RequestSummary summary = new RequestSummary();
		exchange.getAttributes().put(RequestSummary.ATTRIBUTE, summary);
		long start = System.nanoTime();
		Throwable[] failure = new Throwable[1];
		return chain.filter(exchange)
			.doOnError((ex) -> failure[0] = ex)
			.doFinally((signal) -> writeLine(exchange, summary, start, signal, failure[0]));
	}

	private void writeLine(ServerWebExchange exchange, RequestSummary summary, long start, SignalType signal,
			@Nullable Throwable failure) {
		try {
			int status = status(exchange, signal, failure);
			String route = RequestSummaryLogger.route(uriTemplate(exchange), status);
			String requestId = exchange.getAttribute(RequestId.ATTRIBUTE);
			if (requestId != null && this.requestIdMdcKey != null) {
				try (RequestId.Scope scope = RequestId.open(requestId, this.requestIdMdcKey)) {
					log(exchange, route, status, start, failure, summary);
				}
			}
			else {
				log(exchange, route, status, start, failure, summary);
			}
		}
		catch (RuntimeException ex) {
			// The summary line must never change what the application answers.
		}
	}

	private void log(ServerWebExchange exchange, String route, int status, long start, @Nullable Throwable failure,
			RequestSummary summary) {
		this.summaryLogger.log(exchange.getRequest().getMethod().name(), route,
				exchange.getRequest().getPath().value(), status, System.nanoTime() - start, failure, summary);
	}

	private static int status(ServerWebExchange exchange, SignalType signal, @Nullable Throwable failure) {
		if (failure != null) {
			return (failure instanceof ErrorResponse errorResponse) ? errorResponse.getStatusCode().value() : 500;
		}
		if (signal == SignalType.CANCEL) {
			return CLIENT_CLOSED_REQUEST;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	private static @Nullable String uriTemplate(ServerWebExchange exchange) {
		Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null) {
			pattern = exchange.getAttribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
		}
		if (pattern instanceof PathPattern pathPattern) {
			return pathPattern.getPatternString();
		}
		return (pattern instanceof String template) ? template : null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

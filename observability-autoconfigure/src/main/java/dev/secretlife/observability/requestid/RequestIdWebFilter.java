package dev.secretlife.observability.requestid;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive counterpart of {@link RequestIdFilter}: the ID is put in an exchange attribute, echoed in the
 * response and written to the Reactor context under {@link RequestId#CONTEXT_KEY}, from where context propagation
 * puts it on the thread and in the MDC of every operator that handles the request.
 */
public class RequestIdWebFilter implements WebFilter, Ordered {

	/** Runs first, so that every other filter and the whole handling see the ID. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final RequestIdResolver resolver;

	private final @Nullable String responseHeader;

	public RequestIdWebFilter(RequestIdResolver resolver, @Nullable String responseHeader) {
		this.resolver = resolver;
		this.responseHeader = responseHeader;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// The header's lines as received, as on the servlet stack: getValuesAsList would split them at commas and
		// unquote them, and accept what the servlet stack replaces.
		String id = this.resolver.resolve((name) -> exchange.getRequest().getHeaders().getOrEmpty(name)).id();
		exchange.getAttributes().put(RequestId.ATTRIBUTE, id);
		if (this.responseHeader != null) {
			exchange.getResponse().getHeaders().set(this.responseHeader, id);
		}
		return chain.filter(exchange).contextWrite((context) -> context.put(RequestId.CONTEXT_KEY, id));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

package dev.secretlife.observability.web;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds the {@link ServerTiming Server-Timing} header to WebFlux responses when they are committed.
 */
public class ServerTimingWebFilter implements WebFilter {

	private final ExcludedPaths excludedPaths;

	/**
	 * Creates the filter.
	 * @param excludedPaths paths that never get the header (the actuator's)
	 */
	public ServerTimingWebFilter(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.excludedPaths.matches(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			response.getHeaders()
				.add(ServerTiming.HEADER, ServerTiming.value(System.nanoTime() - start, ServerTiming.statementsOf(
						ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null))));
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}

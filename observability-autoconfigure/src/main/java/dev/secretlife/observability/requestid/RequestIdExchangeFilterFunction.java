package dev.secretlife.observability.requestid;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Passes the current request ID on to outgoing {@code WebClient} calls, unless the caller already set the header.
 * The ID is taken from the Reactor context (reactive callers) or else from the calling thread (blocking callers).
 */
public final class RequestIdExchangeFilterFunction implements ExchangeFilterFunction {

	private final String header;

	public RequestIdExchangeFilterFunction(String header) {
		this.header = header;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (request.headers().containsHeader(this.header)) {
			return next.exchange(request);
		}
		String threadId = RequestId.get();
		return Mono.deferContextual((context) -> {
			@Nullable String id = context.getOrDefault(RequestId.CONTEXT_KEY, threadId);
			if (id == null) {
				return next.exchange(request);
			}
			return next.exchange(ClientRequest.from(request).header(this.header, id).build());
		});
	}

}

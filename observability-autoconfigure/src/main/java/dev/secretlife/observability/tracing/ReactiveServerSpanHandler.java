package dev.secretlife.observability.tracing;

import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Applies the {@link ServerSpanDecorator} to the server observations of the reactive stack. Registered after the
 * tracing handlers, so the span exists when this handler starts and is current when its scope opens (automatic
 * context propagation opens the scope around every operator that handles the request).
 */
public final class ReactiveServerSpanHandler implements ObservationHandler<ServerRequestObservationContext> {

	private final ServerSpanDecorator decorator;

	public ReactiveServerSpanHandler(ServerSpanDecorator decorator) {
		this.decorator = decorator;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		ServerHttpResponse response = context.getResponse();
		if (response != null && !response.isCommitted()) {
			HttpHeaders headers = response.getHeaders();
			this.decorator.onStart(ServerSpanDecorator.spanOf(context), headers::set);
		}
	}

	@Override
	public void onScopeOpened(ServerRequestObservationContext context) {
		this.decorator.onScopeOpened(requestIdOf(context));
	}

	@Override
	public void onScopeClosed(ServerRequestObservationContext context) {
		this.decorator.onScopeClosed();
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		this.decorator.onStop(ServerSpanDecorator.spanOf(context), requestIdOf(context));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	private static @Nullable String requestIdOf(ServerRequestObservationContext context) {
		return (context.getAttributes().get(RequestId.ATTRIBUTE) instanceof String id) ? id : null;
	}

}

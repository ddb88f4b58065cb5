package dev.secretlife.observability.tracing;

import dev.secretlife.observability.logging.PathMasker;
import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Applies the {@link ServerSpanDecorator} to the server observations of the servlet stack. Registered after the
 * tracing handlers, so the span exists when this handler starts and is current when its scope opens.
 */
public final class ServletServerSpanHandler implements ObservationHandler<ServerRequestObservationContext> {

	// The request's path as the summary line shows it (parameters stripped, secrets masked, length capped).
	private static final PathMasker PATHS = new PathMasker();

	private final ServerSpanDecorator decorator;

	public ServletServerSpanHandler(ServerSpanDecorator decorator) {
		this.decorator = decorator;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		HttpServletResponse response = context.getResponse();
		if (response != null) {
			this.decorator.onStart(ServerSpanDecorator.spanOf(context), response::setHeader);
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
	public void onError(ServerRequestObservationContext context) {
		Throwable error = context.getError();
		if (error != null) {
			HttpServletRequest request = context.getCarrier();
			this.decorator.onUnhandledError(ServerSpanDecorator.spanOf(context),
					request.getMethod() + " " + PATHS.mask(request.getRequestURI()), error);
		}
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
		Object cached = context.get(RequestId.ATTRIBUTE);
		if (cached instanceof String id) {
			return id;
		}
		try {
			if (context.getCarrier().getAttribute(RequestId.ATTRIBUTE) instanceof String id) {
				// Kept for the scopes a task opens on another thread, possibly after the container recycled the request.
				context.put(RequestId.ATTRIBUTE, id);
				return id;
			}
		}
		catch (IllegalStateException ex) {
			// The container recycled the request: an @Async task outlived it and never read the ID before.
		}
		return null;
	}

}

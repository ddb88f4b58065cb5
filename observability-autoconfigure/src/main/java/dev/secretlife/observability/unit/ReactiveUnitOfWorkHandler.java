package dev.secretlife.observability.unit;

import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.ErrorResponse;

/**
 * Makes each reactive request observed by Spring ({@code http.server.requests}) a {@link UnitOfWork}, as the servlet
 * handler does. A request the client cancelled ends with status {@value #CLIENT_CLOSED_REQUEST} ("client closed
 * request"); one that failed before a status was set, with its {@link ErrorResponse}'s status, else 500.
 */
public final class ReactiveUnitOfWorkHandler extends AbstractUnitOfWorkHandler<ServerRequestObservationContext> {

	/** Status of a request the client cancelled. */
	public static final int CLIENT_CLOSED_REQUEST = 499;

	public ReactiveUnitOfWorkHandler(UnitOfWorkSupport support) {
		super(UnitOfWork.Kind.HTTP, support);
	}

	@Override
	protected void started(ServerRequestObservationContext context, UnitOfWork unit) {
		// The request ID web filter runs inside the observation: the ID is read when the unit ends.
	}

	@Override
	protected void ended(ServerRequestObservationContext context, UnitOfWork unit) {
		Object id = context.getAttributes().get(RequestId.ATTRIBUTE);
		unit.setRequestId((id instanceof String value) ? value : null);
		unit.endRequest(keyValue(context, "method", context.getCarrier().getMethod().name()),
				keyValue(context, "uri", "UNKNOWN"), loggedPath(context.getCarrier().getPath().value()),
				context.getCarrier().getPath().pathWithinApplication().value(), status(context),
				keyValue(context, "outcome", "UNKNOWN"), context.getError());
	}

	private static int status(ServerRequestObservationContext context) {
		if (context.isConnectionAborted()) {
			return CLIENT_CLOSED_REQUEST;
		}
		ServerHttpResponse response = context.getResponse();
		HttpStatusCode status = (response != null) ? response.getStatusCode() : null;
		if (status != null) {
			return status.value();
		}
		Throwable error = context.getError();
		if (error != null) {
			return (error instanceof ErrorResponse errorResponse) ? errorResponse.getStatusCode().value() : 500;
		}
		return 200;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}

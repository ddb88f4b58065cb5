package dev.secretlife.observability.unit;

import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Makes each servlet request observed by Spring ({@code http.server.requests}) a {@link UnitOfWork}. Its method,
 * route and outcome are the observation's {@code method}, {@code uri} and {@code outcome} key values, its exception
 * the one the observation recorded (the application's, unwrapped from the container's {@code ServletException}).
 */
public final class ServletUnitOfWorkHandler extends AbstractUnitOfWorkHandler<ServerRequestObservationContext> {

	public ServletUnitOfWorkHandler(UnitOfWorkSupport support) {
		super(UnitOfWork.Kind.HTTP, support);
	}

	@Override
	protected void started(ServerRequestObservationContext context, UnitOfWork unit) {
		// The request ID filter runs before the observation filter.
		unit.setRequestId(requestIdOf(context.getCarrier()));
	}

	@Override
	protected void ended(ServerRequestObservationContext context, UnitOfWork unit) {
		HttpServletRequest request = context.getCarrier();
		HttpServletResponse response = context.getResponse();
		int status = (response != null) ? response.getStatus() : 0;
		if (unit.requestId() == null) {
			unit.setRequestId(requestIdOf(request));
		}
		String path = request.getRequestURI();
		String contextPath = request.getContextPath();
		String pathWithinApplication = (!contextPath.isEmpty() && path.startsWith(contextPath))
				? path.substring(contextPath.length()) : path;
		unit.endRequest(keyValue(context, "method", request.getMethod()), keyValue(context, "uri", "UNKNOWN"),
				loggedPath(path),
				pathWithinApplication, status, keyValue(context, "outcome", "UNKNOWN"), context.getError());
	}

	private static String requestIdOf(HttpServletRequest request) {
		return (request.getAttribute(RequestId.ATTRIBUTE) instanceof String id) ? id : null;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}

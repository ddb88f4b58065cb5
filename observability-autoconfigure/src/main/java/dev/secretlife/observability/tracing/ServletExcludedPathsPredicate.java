package dev.secretlife.observability.tracing;

import dev.secretlife.observability.web.ExcludedPaths;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves servlet requests to {@link ExcludedPaths} unobserved: no span and no {@code http.server.requests} sample.
 */
public final class ServletExcludedPathsPredicate implements ObservationPredicate {

	private final ExcludedPaths excludedPaths;

	public ServletExcludedPathsPredicate(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			HttpServletRequest request = server.getCarrier();
			String uri = request.getRequestURI();
			String contextPath = request.getContextPath();
			String path = (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length())
					: uri;
			return !this.excludedPaths.matches(path);
		}
		return true;
	}

}

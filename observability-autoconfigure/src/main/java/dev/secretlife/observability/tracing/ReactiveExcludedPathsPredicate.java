package dev.secretlife.observability.tracing;

import dev.secretlife.observability.web.ExcludedPaths;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Leaves reactive requests to {@link ExcludedPaths} unobserved: no span and no {@code http.server.requests} sample.
 */
public final class ReactiveExcludedPathsPredicate implements ObservationPredicate {

	private final ExcludedPaths excludedPaths;

	public ReactiveExcludedPathsPredicate(ExcludedPaths excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			return !this.excludedPaths.matches(server.getCarrier().getPath().pathWithinApplication().value());
		}
		return true;
	}

}

package dev.secretlife.observability.autoconfigure.web;

import java.util.Arrays;
import java.util.List;

import dev.secretlife.observability.autoconfigure.logging.LoggingProperties;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code observability.server-timing.enabled} is {@code true}, or, when it is not set, when one of the
 * profiles {@code observability.logging.dev-profiles} names (the same that make the log format pretty) is active.
 */
class OnServerTimingCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("observability.server-timing.enabled", Boolean.class).orElse(null);
		if (enabled != null) {
			return new ConditionOutcome(enabled, "observability.server-timing.enabled is " + enabled);
		}
		List<String> devProfiles = binder.bind("observability.logging.dev-profiles", Bindable.listOf(String.class))
			.orElse(LoggingProperties.DEFAULT_DEV_PROFILES);
		List<String> active = Arrays.asList(context.getEnvironment().getActiveProfiles());
		for (String profile : devProfiles) {
			if (active.contains(profile)) {
				return ConditionOutcome.match("dev profile " + profile + " is active");
			}
		}
		return ConditionOutcome.noMatch("no dev profile " + devProfiles + " is active");
	}

}

package dev.secretlife.observability.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Contributes the starter's defaults for Spring Boot's own properties, as the lowest-precedence property source:
 * any value the application sets anywhere (application.yml, profile, environment, command line) wins.
 * <ul>
 * <li>{@code management.endpoints.web.exposure.include=health,prometheus}: "view /actuator/prometheus" works
 * without further setup;</li>
 * <li>{@code spring.reactor.context-propagation=auto}: on the reactive stack, thread-locals such as the MDC (request
 * ID, trace ID) follow the request into every operator;</li>
 * <li>the Prometheus client's {@code io.prometheus.exporter.exemplarsOnAllMetricTypes=false}: exemplars (trace IDs)
 * only where OpenMetrics allows them, on histogram buckets and counters. Otherwise a timer without buckets carries one
 * on its {@code _count}, and a Prometheus with exemplar storage rejects the whole scrape;</li>
 * <li>{@code management.metrics.distribution.percentiles-histogram} for {@code http.server.requests} and
 * {@code jdbc.query}: histogram buckets, which the shipped dashboard's latency panels and alert rules read and which
 * carry the exemplars (trace IDs) when tracing is on; set with or without tracing;</li>
 * <li>{@code management.observations.annotations.enabled}: {@code @Observed} and {@code @Timed} work when AOP is on
 * the classpath, with or without tracing;</li>
 * <li>with Spring Kafka on the classpath, {@code spring.kafka.template.observation-enabled} and
 * {@code spring.kafka.listener.observation-enabled}: {@code true}, so that records carry the trace and each consumed
 * record is a unit of work; not added with {@code observability.messaging.enabled=false}.</li>
 * </ul>
 */
public class ObservabilityDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityDefaults";

	static final Map<String, Object> DEFAULTS = Map.of("management.endpoints.web.exposure.include", "health,prometheus",
			"spring.reactor.context-propagation", "auto",
			"management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
			"false", "management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
			"management.metrics.distribution.percentiles-histogram.jdbc.query", "true",
			"management.observations.annotations.enabled", "true");

	/** The defaults that switch on Spring Kafka's observations, added only with Spring Kafka on the classpath. */
	static final Map<String, Object> MESSAGING_DEFAULTS = Map.of("spring.kafka.template.observation-enabled", "true",
			"spring.kafka.listener.observation-enabled", "true");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		// SpringApplication's default properties end up last, below this source: leave their keys to them.
		PropertySource<?> applicationDefaults = sources.get(DefaultPropertiesPropertySource.NAME);
		Map<String, Object> defaults = new HashMap<>(DEFAULTS);
		if (ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", application.getClassLoader())
				&& environment.getProperty("observability.messaging.enabled", Boolean.class, true)) {
			defaults.putAll(MESSAGING_DEFAULTS);
		}
		if (applicationDefaults != null) {
			defaults.keySet().removeIf(applicationDefaults::containsProperty);
		}
		sources.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

}

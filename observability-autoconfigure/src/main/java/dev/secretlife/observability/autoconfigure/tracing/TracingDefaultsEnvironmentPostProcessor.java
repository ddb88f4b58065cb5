package dev.secretlife.observability.autoconfigure.tracing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Contributes the starter's tracing defaults for Spring Boot's own properties, as the lowest-precedence property
 * source (any value the application sets wins), and only when Micrometer Tracing is on the classpath:
 * <ul>
 * <li>{@code management.tracing.sampling.probability}: {@code observability.tracing.sampling-probability}, whose
 * default is 0.1 (Boot's too): one trace in ten exported whatever becomes of it, and besides every failed and slow
 * unit's (observability.tracing.keep), which is what an investigation needs; exporting every span was about two
 * thirds of what the starter added to the CPU per request (see benchmarks.md);</li>
 * <li>{@code management.opentelemetry.tracing.export.otlp.endpoint}: {@code http://localhost:4318/v1/traces}, the
 * OTLP/HTTP default of OpenTelemetry, so that OTLP export works with a local collector and no setup;</li>
 * <li>{@code logging.level} of OpenTelemetry's OTLP and Zipkin exporters: off, as failed exports are reported, once
 * per interval, by {@code FailureLoggingSpanExporter}.</li>
 * </ul>
 * With {@code observability.tracing.enabled=false} the tracing ones (sampling, OTLP endpoint, exporter logging) are
 * not added: Spring Boot's own apply (sampling 0.1, no OTLP exporter without an endpoint), as if the starter had not
 * brought tracing. The histograms and annotations, which do not depend on tracing, are set by
 * {@link dev.secretlife.observability.autoconfigure.ObservabilityDefaultsEnvironmentPostProcessor}.
 */
public class TracingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "observabilityTracingDefaults";

	/** The defaults that concern tracing itself: left out when the starter's tracing is switched off. */
	static final Map<String, Object> TRACING_DEFAULTS = Map.of("management.tracing.sampling.probability",
			"${observability.tracing.sampling-probability:0.1}",
			"management.opentelemetry.tracing.export.otlp.endpoint", "http://localhost:4318/v1/traces",
			"logging.level.io.opentelemetry.exporter.internal", "off",
			"logging.level.io.opentelemetry.exporter.zipkin.ZipkinSpanExporter", "off");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (!ClassUtils.isPresent("io.micrometer.tracing.Tracer", application.getClassLoader())
				|| sources.contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		// SpringApplication's default properties end up last, below this source: leave their keys to them.
		PropertySource<?> applicationDefaults = sources.get(DefaultPropertiesPropertySource.NAME);
		if (!environment.getProperty("observability.tracing.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new HashMap<>(TRACING_DEFAULTS);
		if (applicationDefaults != null) {
			defaults.keySet().removeIf(applicationDefaults::containsProperty);
		}
		sources.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

}

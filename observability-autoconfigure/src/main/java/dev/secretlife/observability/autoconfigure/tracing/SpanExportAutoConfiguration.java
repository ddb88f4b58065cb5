package dev.secretlife.observability.autoconfigure.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import dev.secretlife.observability.tracing.DroppedSpansMeterProvider;
import dev.secretlife.observability.tracing.FailureLoggingSpanExporter;
import dev.secretlife.observability.tracing.KeepingMetrics;
import dev.secretlife.observability.tracing.KeepingSampler;
import dev.secretlife.observability.tracing.KeepingSpanProcessor;
import dev.secretlife.observability.tracing.LazySpanExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * {@link AutoConfiguration Auto-configuration} that makes span export fail quietly: every {@link SpanExporter} bean
 * (OTLP, Zipkin, your own) is handed to OpenTelemetry wrapped in a {@link FailureLoggingSpanExporter}, so that an
 * unreachable collector is reported at most once per interval. Runs before Spring Boot's OpenTelemetry tracing, whose
 * own {@link SpanExporters} bean then backs off. Spans lost on the way, in a full queue or a failed export, are
 * counted in {@value DroppedSpansMeterProvider#METER_NAME}. Failed and slow units of work that the head sampling left
 * out are kept by a {@link KeepingSampler} and a {@link KeepingSpanProcessor}.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
@ConditionalOnClass({ OtelTracer.class, SpanExporter.class, SpanExporters.class })
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TracingProperties.class)
public final class SpanExportAutoConfiguration {

	/**
	 * Spring Boot's own span exporters (OTLP, Zipkin) are built after startup instead of during it: their bean
	 * definitions are made lazy, which changes when they are built, not what they are, and {@link #spanExporters}
	 * hands each to OpenTelemetry as a {@link LazySpanExporter}. An exporter bean of the application's is left as it
	 * is declared.
	 * @return the post-processor
	 */
	@Bean
	static BeanFactoryPostProcessor lazySpanExportersPostProcessor() {
		return (beanFactory) -> {
			for (String name : beanFactory.getBeanNamesForType(SpanExporter.class, true, false)) {
				if (beanFactory.containsBeanDefinition(name) && isSpringBoots(beanFactory, name)) {
					beanFactory.getBeanDefinition(name).setLazyInit(true);
				}
			}
		};
	}

	private static boolean isSpringBoots(ConfigurableListableBeanFactory beanFactory, String name) {
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		String factory = definition.getFactoryBeanName();
		String declaringClass = (factory != null && beanFactory.containsBeanDefinition(factory))
				? beanFactory.getBeanDefinition(factory).getBeanClassName() : definition.getBeanClassName();
		return declaringClass != null && declaringClass.startsWith("org.springframework.boot.");
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ConfigurableListableBeanFactory beanFactory, TracingProperties properties,
			ObjectProvider<DroppedSpansMeterProvider> droppedSpans) {
		LongConsumer lostSpans = (spans) -> droppedSpans
			.ifAvailable((counter) -> counter.spansLost(DroppedSpansMeterProvider.REASON_EXPORT_FAILED, spans));
		List<SpanExporter> exporters = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(SpanExporter.class)) {
			boolean lazy = beanFactory.containsBeanDefinition(name) && beanFactory.getBeanDefinition(name).isLazyInit();
			exporters.add(lazy ? new LazySpanExporter(name, () -> beanFactory.getBean(name, SpanExporter.class))
					: beanFactory.getBean(name, SpanExporter.class));
		}
		AnnotationAwareOrderComparator.sort(exporters);
		return SpanExporters.of(exporters.stream()
			.map((exporter) -> (SpanExporter) new FailureLoggingSpanExporter(exporter,
					properties.getExportFailureLogInterval(), lostSpans))
			.toList());
	}

	/**
	 * Builds the lazy span exporters once the application is ready, on a thread of its own so that nothing waits for
	 * it, and when it begins to close, while beans can still be built, for the spans flushed at shutdown.
	 * @param spanExporters the exporters
	 * @return the listener
	 */
	@Bean
	ApplicationListener<ApplicationEvent> lazySpanExportersBuilder(ObjectProvider<SpanExporters> spanExporters) {
		return (event) -> {
			boolean ready = event instanceof ApplicationReadyEvent;
			if (!ready && !(event instanceof ContextClosedEvent)) {
				return;
			}
			Runnable build = () -> spanExporters.ifAvailable((exporters) -> {
				for (SpanExporter exporter : exporters) {
					if (exporter instanceof FailureLoggingSpanExporter failureLogging
							&& failureLogging.delegate() instanceof LazySpanExporter lazy) {
						lazy.build();
					}
				}
			});
			if (ready) {
				Thread thread = new Thread(build, "observability-span-exporter-build");
				thread.setDaemon(true);
				thread.start();
			}
			else {
				build.run();
			}
		};
	}

	/**
	 * Keeps the trace of a failed or slow unit of work that the head sampling left out: every span is recorded (the
	 * sampler's drop becomes record-only) and held until its local root ends, then exported or forgotten. With every
	 * span sampled (probability 1.0) nothing is held. Off with observability.tracing.keep.errors=false and an empty
	 * observability.tracing.keep.slower-than.
	 */
	@Configuration(proxyBeanMethods = false)
	// 2s: the default of TracingProperties.Keep#slowerThan; set empty, no unit is slow.
	@ConditionalOnExpression("${observability.tracing.keep.errors:true} or '${observability.tracing.keep.slower-than:2s}'.trim() != ''")
	static class KeepConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KeepingSpanProcessor keepingSpanProcessor(TracingProperties properties,
				ObjectProvider<SpanProcessor> spanProcessors, ObjectProvider<MeterRegistry> registry) {
			TracingProperties.Keep keep = properties.getKeep();
			Duration slowerThan = keep.getSlowerThan();
			// Kept spans go to the processors that export sampled spans (Spring Boot's batch processor), once.
			return new KeepingSpanProcessor(() -> spanProcessors.orderedStream()
				.filter((processor) -> processor instanceof BatchSpanProcessor
						|| processor instanceof SimpleSpanProcessor)
				.toList(), keep.isErrors(), (slowerThan != null) ? slowerThan.toNanos() : Long.MAX_VALUE,
					keep.getMaxSpansPerUnit(), keep.getMaxSpans(), new KeepingMetrics(registry::getIfAvailable));
		}

		@Bean
		SdkTracerProviderBuilderCustomizer keepingSamplerCustomizer(ObjectProvider<Sampler> sampler) {
			return (builder) -> {
				Sampler head = sampler.getIfAvailable();
				if (head != null) {
					builder.setSampler(new KeepingSampler(head));
				}
			};
		}

	}

	/**
	 * Counts spans lost before export in {@value DroppedSpansMeterProvider#METER_NAME}: Spring Boot gives the
	 * {@link MeterProvider} bean to the batch span processor it builds, which reports the spans its full queue drops.
	 * Backs off when the application has a meter provider of its own (an OpenTelemetry metrics SDK), which then
	 * receives the processor's telemetry itself.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class DroppedSpansConfiguration {

		@Bean
		@ConditionalOnMissingBean(MeterProvider.class)
		DroppedSpansMeterProvider droppedSpansMeterProvider(ObjectProvider<MeterRegistry> registry) {
			return new DroppedSpansMeterProvider(registry::getIfAvailable);
		}

	}

}

package dev.secretlife.observability.autoconfigure.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.secretlife.observability.tracing.DroppedSpansMeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans lost before reaching the collector are counted, on Spring Boot's own batch span processor: a blocked exporter
 * lets the queue fill, a failing one loses every batch.
 */
class DroppedSpansTests {

	private static final int QUEUE_SIZE = 4;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, SpanExportAutoConfiguration.class,
				TracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.max-queue-size=" + QUEUE_SIZE,
				"management.opentelemetry.tracing.export.max-batch-size=1",
				"management.opentelemetry.tracing.export.schedule-delay=1ms");

	@Test
	void countsEverySpanAFullQueueDropsWhileTheExporterIsBlocked() {
		this.contextRunner.withUserConfiguration(BlockedExporterConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			BlockedExporter exporter = context.getBean(BlockedExporter.class);
			Tracer tracer = context.getBean(Tracer.class);
			assertThat(dropped(registry, DroppedSpansMeterProvider.REASON_QUEUE_FULL)).isZero();
			tracer.nextSpan().name("first").start().end();
			assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();
			int spans = 50;
			for (int i = 0; i < spans; i++) {
				tracer.nextSpan().name("span-" + i).start().end();
			}
			assertThat(dropped(registry, DroppedSpansMeterProvider.REASON_QUEUE_FULL)).isEqualTo(spans - QUEUE_SIZE);
			exporter.release.countDown();
		});
	}

	@Test
	void countsTheSpansOfEveryFailedExport() {
		this.contextRunner.withUserConfiguration(FailingExporterConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Tracer tracer = context.getBean(Tracer.class);
			for (int i = 0; i < 3; i++) {
				tracer.nextSpan().name("span-" + i).start().end();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(dropped(registry, DroppedSpansMeterProvider.REASON_EXPORT_FAILED))
					.isEqualTo(3));
			assertThat(dropped(registry, DroppedSpansMeterProvider.REASON_QUEUE_FULL)).isZero();
		});
	}

	@Test
	void backsOffForAMeterProviderOfTheApplication() {
		this.contextRunner.withUserConfiguration(BlockedExporterConfiguration.class, OwnMeterProvider.class)
			.run((context) -> assertThat(context).hasSingleBean(MeterProvider.class)
				.doesNotHaveBean(DroppedSpansMeterProvider.class));
	}

	private static double dropped(MeterRegistry registry, String reason) {
		return registry.get(DroppedSpansMeterProvider.METER_NAME)
			.tag(DroppedSpansMeterProvider.REASON_TAG, reason)
			.counter()
			.count();
	}

	static final class BlockedExporter implements SpanExporter {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.entered.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.release.countDown();
			return CompletableResultCode.ofSuccess();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockedExporterConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		BlockedExporter blockedExporter() {
			return new BlockedExporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingExporterConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SpanExporter failingExporter() {
			return new SpanExporter() {

				@Override
				public CompletableResultCode export(Collection<SpanData> spans) {
					return CompletableResultCode.ofFailure();
				}

				@Override
				public CompletableResultCode flush() {
					return CompletableResultCode.ofSuccess();
				}

				@Override
				public CompletableResultCode shutdown() {
					return CompletableResultCode.ofSuccess();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMeterProvider {

		@Bean
		MeterProvider ownMeterProvider() {
			return MeterProvider.noop();
		}

	}

}

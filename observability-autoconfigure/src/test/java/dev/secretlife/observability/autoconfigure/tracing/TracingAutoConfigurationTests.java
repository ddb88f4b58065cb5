package dev.secretlife.observability.autoconfigure.tracing;

import java.util.concurrent.atomic.AtomicReference;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.requestid.RequestIdFilter;
import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.tracing.FailureLoggingSpanExporter;
import dev.secretlife.observability.tracing.LazySpanExporter;
import dev.secretlife.observability.tracing.MdcCopyingTaskDecorator;
import dev.secretlife.observability.tracing.ReactiveServerSpanHandler;
import dev.secretlife.observability.tracing.ServerSpanDecorator;
import dev.secretlife.observability.tracing.ServletExcludedPathsPredicate;
import dev.secretlife.observability.tracing.ServletServerSpanHandler;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class TracingAutoConfigurationTests {

	private static final AutoConfigurations TRACING = AutoConfigurations.of(ObservationAutoConfiguration.class,
			OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
			MicrometerTracingAutoConfiguration.class, SpanExportAutoConfiguration.class,
			TracingAutoConfiguration.class, RequestIdAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(TRACING);

	@Test
	void shouldSupplyServerSpanHandlingAndExcludedPathsOnTheServletStack() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ServerSpanDecorator.class)
			.hasSingleBean(ServletServerSpanHandler.class)
			.hasSingleBean(ServletExcludedPathsPredicate.class)
			.doesNotHaveBean(ReactiveServerSpanHandler.class));
	}

	@Test
	void shouldSupplyReactiveServerSpanHandlingOnTheReactiveStack() {
		new ReactiveWebApplicationContextRunner().withConfiguration(TRACING)
			.run((context) -> assertThat(context).hasSingleBean(ReactiveServerSpanHandler.class)
				.doesNotHaveBean(ServletServerSpanHandler.class));
	}

	@Test
	void shouldLeaveSpringBootsBaggageSettingsAsTheApplicationSetThem() {
		this.contextRunner.withPropertyValues("management.tracing.baggage.remote-fields=tenant")
			.run((context) -> assertThat(context
				.getBean(org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties.class)
				.getBaggage()
				.getRemoteFields()).containsExactly("tenant"));
	}

	@Test
	void shouldUseTheConfiguredBaggageFieldForTheRequestId() {
		this.contextRunner.withPropertyValues("observability.tracing.request-id-baggage-field=correlationId")
			.run((context) -> {
				RequestIdResolver resolver = context.getBean(RequestIdResolver.class);
				assertThat(resolver
					.resolve((name) -> name.equals("baggage") ? java.util.List.of("correlationId=abc-123")
							: java.util.List.of())
					.id()).isEqualTo("abc-123");
			});
	}

	@Test
	void shouldWrapEverySpanExporterSoThatFailuresAreLoggedOncePerInterval() {
		this.contextRunner.withUserConfiguration(UserSpanExporterConfiguration.class)
			.run((context) -> assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOf(FailureLoggingSpanExporter.class));
	}

	@Test
	void shouldExportToZipkinWhenItsExporterIsOnTheClasspath() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ZipkinAutoConfiguration.class,
					ZipkinWithOpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ZipkinSpanExporter.class);
				assertThat(context.getBean(SpanExporters.class).list()).singleElement()
					.asString()
					.as("the Zipkin exporter, built after startup")
					.containsIgnoringCase("ZipkinSpanExporter");
			});
	}

	@Test
	void shouldBuildBootsSpanExporterAfterStartupAndBeforeShutdownNotDuringStartup() {
		AtomicReference<LazySpanExporter> lazy = new AtomicReference<>();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ZipkinAutoConfiguration.class,
					ZipkinWithOpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> {
				String name = context.getBeanNamesForType(ZipkinSpanExporter.class)[0];
				assertThat(context.getBeanFactory().getBeanDefinition(name).isLazyInit()).isTrue();
				assertThat(context.getBeanFactory().containsSingleton(name)).as("built during startup").isFalse();
				SpanExporter exporter = ((FailureLoggingSpanExporter) context.getBean(SpanExporters.class)
					.list()
					.get(0)).delegate();
				assertThat(exporter).isInstanceOf(LazySpanExporter.class);
				lazy.set((LazySpanExporter) exporter);
				assertThat(lazy.get().built()).isNull();
			});
		// Closing the context built it first, for the spans flushed at shutdown.
		assertThat(lazy.get().built()).isInstanceOf(ZipkinSpanExporter.class);
	}

	@Test
	void shouldLeaveTheApplicationsOwnSpanExporterAsItIsDeclared() {
		this.contextRunner.withUserConfiguration(UserSpanExporterConfiguration.class).run((context) -> {
			String name = context.getBeanNamesForType(SpanExporter.class)[0];
			assertThat(context.getBeanFactory().getBeanDefinition(name).isLazyInit()).isFalse();
			assertThat(((FailureLoggingSpanExporter) context.getBean(SpanExporters.class).list().get(0)).delegate())
				.isSameAs(context.getBean(name));
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesServerSpanDecorator() {
		this.contextRunner.withUserConfiguration(UserDecoratorConfiguration.class)
			.run((context) -> assertThat(context).getBean(ServerSpanDecorator.class)
				.isSameAs(context.getBean("userDecorator")));
	}

	@Test
	void shouldCreateNothingTracingRelatedWithoutTheTracingClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing", "io.opentelemetry"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Tracer.class)
				.doesNotHaveBean(ServerSpanDecorator.class)
				.doesNotHaveBean(ServletServerSpanHandler.class)
				.doesNotHaveBean(ServletExcludedPathsPredicate.class)
				.doesNotHaveBean(SpanExporters.class)
				.hasBean("requestIdFilter")
				.getBean("requestIdFilter", FilterRegistrationBean.class)
				.extracting(FilterRegistrationBean::getFilter)
				.isInstanceOf(RequestIdFilter.class));
	}

	@Test
	void shouldCreateNothingWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.tracing.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(Tracer.class)
				.doesNotHaveBean(ServerSpanDecorator.class)
				.doesNotHaveBean(ServletServerSpanHandler.class)
				.doesNotHaveBean(FailureLoggingSpanExporter.class));
	}

	@Test
	void shouldDecorateBootsTaskExecutorWithContextPropagation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskContextPropagationAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(MdcCopyingTaskDecorator.class);
				assertThat(context.getBean(ThreadPoolTaskExecutor.class)).extracting("taskDecorator")
					.isSameAs(context.getBean(MdcCopyingTaskDecorator.class));
			});
	}

	@Test
	void shouldNotDecorateTasksWhenSwitchedOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskContextPropagationAutoConfiguration.class))
			.withPropertyValues("observability.tracing.propagate-to-tasks=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
	}

	@Test
	void shouldNotDecorateTasksWithoutContextPropagation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskContextPropagationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.context"))
			.run((context) -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanExporterConfiguration {

		@Bean
		SpanExporter userSpanExporter() {
			return io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoratorConfiguration {

		@Bean
		ServerSpanDecorator userDecorator(Tracer tracer) {
			return new ServerSpanDecorator(tracer, false, null, null, false);
		}

	}

}

package dev.secretlife.observability.autoconfigure.unit;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.unit.ReactiveUnitOfWorkHandler;
import dev.secretlife.observability.unit.ScheduledTaskUnitOfWorkHandler;
import dev.secretlife.observability.unit.ServletUnitOfWorkHandler;
import dev.secretlife.observability.unit.TaskSummaryLogger;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import dev.secretlife.observability.unit.UnitOfWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

class UnitOfWorkAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			ObservationAutoConfiguration.class, RequestIdAutoConfiguration.class, UnitOfWorkAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void shouldMakeServletRequestsAndScheduledRunsUnitsOfWork() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ServletUnitOfWorkHandler.class)
			.hasSingleBean(ScheduledTaskUnitOfWorkHandler.class)
			.hasSingleBean(TaskSummaryLogger.class)
			.doesNotHaveBean(ReactiveUnitOfWorkHandler.class));
	}

	@Test
	void shouldMakeReactiveRequestsUnitsOfWorkOnTheReactiveStack() {
		new ReactiveWebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(ReactiveUnitOfWorkHandler.class)
				.doesNotHaveBean(ServletUnitOfWorkHandler.class));
	}

	@Test
	void shouldMakeScheduledRunsUnitsOfWorkOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(ScheduledTaskUnitOfWorkHandler.class)
				.doesNotHaveBean(ServletUnitOfWorkHandler.class));
	}

	@Test
	void shouldRegisterTheHandlersWithSpringBootsObservationRegistry() {
		this.contextRunner.run((context) -> {
			ScheduledTaskObservationContext task = new ScheduledTaskObservationContext(new Object(),
					Object.class.getMethod("toString"));
			Observation.createNotStarted("tasks.scheduled.execution", () -> task,
					context.getBean(ObservationRegistry.class))
				.start();
			UnitOfWork unit = task.get(UnitOfWork.class);
			assertThat(unit).isNotNull();
			assertThat(unit.requestId()).isNotBlank();
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesTheSupport() {
		this.contextRunner.withUserConfiguration(UserSupportConfiguration.class)
			.run((context) -> assertThat(context.getBean(UnitOfWorkSupport.class))
				.isSameAs(context.getBean("userSupport")));
	}

	@Test
	void shouldSwitchOffTheTaskLineByProperty() {
		this.contextRunner.withPropertyValues("observability.task-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskSummaryLogger.class)
				.hasSingleBean(ScheduledTaskUnitOfWorkHandler.class));
	}

	@Test
	void shouldDoNothingWithoutMicrometerObservation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(UnitOfWorkSupport.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSupportConfiguration {

		@Bean
		UnitOfWorkSupport userSupport() {
			return new UnitOfWorkSupport(false, false, null, UnitOfWorkSupport.LogContext.NONE, java.util.List::of);
		}

	}

}

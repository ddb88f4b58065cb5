package dev.secretlife.observability.autoconfigure.errors;

import dev.secretlife.observability.errors.AsyncFailureHandler;
import dev.secretlife.observability.errors.DuplicateFailureLogFilter;
import dev.secretlife.observability.errors.ErrorsEndpoint;
import dev.secretlife.observability.errors.FailureReporter;
import dev.secretlife.observability.errors.UnitFailureListener;
import org.junit.jupiter.api.Test;

import org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ErrorsAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void shouldReportFailuresOfUnitsAndAsyncMethodsAndFilterTheDuplicates() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FailureReporter.class)
				.hasSingleBean(UnitFailureListener.class)
				.hasSingleBean(DuplicateFailureLogFilter.class)
				.hasSingleBean(AsyncConfigurer.class);
			assertThat(context.getBean(DuplicateFailureLogFilter.class).isInstalled()).isTrue();
			assertThat(context.getBean(AsyncConfigurer.class).getAsyncUncaughtExceptionHandler())
				.isInstanceOf(AsyncFailureHandler.class);
		});
	}

	@Test
	void shouldOfferTheErrorsEndpointOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ErrorsEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=errors")
			.run((context) -> assertThat(context).hasSingleBean(ErrorsEndpoint.class));
	}

	@Test
	void shouldRemoveTheFilterFromLogbackWhenTheContextCloses() {
		DuplicateFailureLogFilter[] filter = new DuplicateFailureLogFilter[1];
		this.contextRunner.run((context) -> filter[0] = context.getBean(DuplicateFailureLogFilter.class));
		assertThat(filter[0].isInstalled()).isFalse();
	}

	@Test
	void shouldBackOffFromAsyncFailuresWhenUserDefinesAsyncConfigurer() {
		this.contextRunner.withUserConfiguration(UserAsyncConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AsyncConfigurer.class).hasSingleBean(FailureReporter.class);
			assertThat(context.getBean(AsyncConfigurer.class).getAsyncUncaughtExceptionHandler())
				.isInstanceOf(SimpleAsyncUncaughtExceptionHandler.class);
		});
	}

	@Test
	void shouldNotFilterWithoutLogback() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("ch.qos.logback"))
			.run((context) -> assertThat(context).hasSingleBean(FailureReporter.class)
				.doesNotHaveBean(DuplicateFailureLogFilter.class));
	}

	@Test
	void shouldBeSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("observability.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FailureReporter.class)
				.doesNotHaveBean(DuplicateFailureLogFilter.class)
				.doesNotHaveBean(UnitFailureListener.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAsyncConfiguration {

		@Bean
		AsyncConfigurer userAsyncConfigurer() {
			return new AsyncConfigurer() {

				@Override
				public SimpleAsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
					return new SimpleAsyncUncaughtExceptionHandler();
				}

			};
		}

	}

}

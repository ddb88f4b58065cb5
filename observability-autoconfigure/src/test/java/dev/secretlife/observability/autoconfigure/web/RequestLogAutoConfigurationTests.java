package dev.secretlife.observability.autoconfigure.web;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.unit.UnitOfWorkAutoConfiguration;
import dev.secretlife.observability.unit.UnitOfWorkListener;
import dev.secretlife.observability.web.RequestSummaryLogger;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations
		.of(RequestIdAutoConfiguration.class, RequestLogAutoConfiguration.class, UnitOfWorkAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void shouldRegisterTheSummaryLineAsAUnitOfWorkListenerWithoutAFilterOfItsOwn() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBeansOfType(UnitOfWorkListener.class).values())
				.contains(context.getBean(RequestSummaryLogger.class));
			// The request ID's filter is the only one: the line needs none.
			assertThat(context.getBeanNamesForType(FilterRegistrationBean.class)).containsExactly("requestIdFilter");
		});
	}

	@Test
	void shouldRegisterTheSummaryLineOnTheReactiveStack() {
		new ReactiveWebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(RequestSummaryLogger.class));
	}

	@Test
	void shouldBackOffWhenUserDefinesSummaryLogger() {
		this.contextRunner.withUserConfiguration(UserLoggerConfiguration.class)
			.run((context) -> assertThat(context.getBean(RequestSummaryLogger.class))
				.isSameAs(context.getBean("userSummaryLogger")));
	}

	@Test
	void shouldBeSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("observability.request-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestSummaryLogger.class));
	}

	@Test
	void shouldDoNothingOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean(RequestSummaryLogger.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLoggerConfiguration {

		@Bean
		RequestSummaryLogger userSummaryLogger() {
			return new RequestSummaryLogger(java.util.List.of(), 0.5, 100, org.slf4j.event.Level.DEBUG,
					org.slf4j.event.Level.INFO, org.slf4j.event.Level.WARN);
		}

	}

}

package dev.secretlife.observability.autoconfigure.web;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.web.RequestSummaryFilter;
import dev.secretlife.observability.web.RequestSummaryLogger;
import dev.secretlife.observability.web.RequestSummaryWebFilter;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations
		.of(RequestIdAutoConfiguration.class, RequestLogAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void shouldRegisterSummaryFilterInsideTheObservationFilterForRequestAndAsyncDispatches() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("requestSummaryFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestSummaryFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 2)
				.isEqualTo(RequestSummaryFilter.ORDER);
			assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.REQUEST,
					DispatcherType.ASYNC);
		});
	}

	@Test
	void shouldRegisterSummaryWebFilterOnTheReactiveStack() {
		new ReactiveWebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(RequestSummaryWebFilter.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldBackOffWhenUserDefinesSummaryFilter() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean("requestSummaryFilter");
			assertThat(context).hasBean("userSummaryFilter");
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesSummaryLogger() {
		this.contextRunner.withUserConfiguration(UserLoggerConfiguration.class)
			.run((context) -> assertThat(context.getBean(RequestSummaryLogger.class))
				.isSameAs(context.getBean("userSummaryLogger")));
	}

	@Test
	void shouldNotRegisterServletFilterWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean("requestSummaryFilter"));
	}

	@Test
	void shouldBeSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("observability.request-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestSummaryLogger.class)
				.doesNotHaveBean("requestSummaryFilter"));
	}

	@Test
	void shouldDoNothingOutsideWebApplications() {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean(RequestSummaryLogger.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<RequestSummaryFilter> userSummaryFilter(RequestSummaryLogger logger) {
			return new FilterRegistrationBean<>(new RequestSummaryFilter(logger));
		}

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

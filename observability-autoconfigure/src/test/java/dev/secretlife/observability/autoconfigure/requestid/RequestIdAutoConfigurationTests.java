package dev.secretlife.observability.autoconfigure.requestid;

import java.util.List;

import dev.secretlife.observability.requestid.RandomRequestIdGenerator;
import dev.secretlife.observability.requestid.RequestIdAccessor;
import dev.secretlife.observability.requestid.RequestIdClientHttpRequestInterceptor;
import dev.secretlife.observability.requestid.RequestIdFilter;
import dev.secretlife.observability.requestid.RequestIdGenerator;
import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.requestid.RequestIdValidator;
import dev.secretlife.observability.requestid.RequestIdWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class));

	@Test
	void shouldSupplyFilterGeneratorResolverAndAccessorInAServletApplication() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestIdGenerator.class)
				.hasSingleBean(RequestIdResolver.class)
				.hasSingleBean(RequestIdAccessor.class)
				.hasSingleBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RequestIdWebFilter.class);
			assertThat(context.getBean(RequestIdGenerator.class)).isInstanceOf(RandomRequestIdGenerator.class);
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestIdFilter.class);
			assertThat(registration.getOrder()).isEqualTo(RequestIdAutoConfiguration.FILTER_ORDER);
		});
	}

	@Test
	void shouldSupplyClientPropagationForAllThreeClients() {
		this.contextRunner.run((context) -> assertThat(context)
			.hasSingleBean(RequestIdClientHttpRequestInterceptor.class)
			.hasSingleBean(RestClientCustomizer.class)
			.hasSingleBean(RestTemplateCustomizer.class)
			.hasSingleBean(WebClientCustomizer.class));
	}

	@Test
	void shouldSupplyWebFilterInAReactiveApplication() {
		this.reactiveContextRunner.run((context) -> assertThat(context).hasSingleBean(RequestIdWebFilter.class)
			.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldApplyHeaderAndValidationProperties() {
		this.contextRunner
			.withPropertyValues("observability.request-id.header=X-Trace-Ref",
					"observability.request-id.additional-headers=X-Correlation-ID,X-Amzn-Trace-Id",
					"observability.request-id.max-length=8")
			.run((context) -> {
				RequestIdResolver resolver = context.getBean(RequestIdResolver.class);
				assertThat(resolver.getHeaderNames()).containsExactly("X-Trace-Ref", "X-Correlation-ID",
						"X-Amzn-Trace-Id");
				assertThat(resolver.acceptOrNull("12345678")).isEqualTo("12345678");
				assertThat(resolver.acceptOrNull("123456789")).isNull();
			});
	}

	@Test
	void shouldBackOffForAUserGenerator() {
		this.contextRunner.withUserConfiguration(UserGeneratorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestIdGenerator.class);
			assertThat(context.getBean(RequestIdGenerator.class).generate()).isEqualTo("user-id");
		});
	}

	@Test
	void shouldBackOffForAUserResolver() {
		this.contextRunner.withUserConfiguration(UserResolverConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RequestIdResolver.class)
				.getBean(RequestIdResolver.class)
				.isSameAs(context.getBean(UserResolverConfiguration.class).resolver));
	}

	@Test
	void shouldBackOffWhenUserDefinesTheFilter() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestIdFilter.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void shouldRegisterNothingWhenDisabled() {
		this.contextRunner.withPropertyValues("observability.request-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestIdResolver.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RestClientCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class));
	}

	@Test
	void shouldNotPropagateWhenPropagationIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.request-id.propagate=false")
			.run((context) -> assertThat(context).hasSingleBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RestClientCustomizer.class)
				.doesNotHaveBean(RestTemplateCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class));
	}

	@Test
	void shouldNotRegisterTheServletFilterWhenServletSupportIsAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RequestIdResolver.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldNotRegisterTheWebFilterWhenWebFluxIsAbsent() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(WebFilter.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RequestIdWebFilter.class));
	}

	@Test
	void shouldNotRegisterClientCustomizersWhenTheClientsAreAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class, WebClientCustomizer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RequestIdClientHttpRequestInterceptor.class)
				.doesNotHaveBean(WebClientCustomizer.class));
	}

	@Test
	void shouldRegisterNoFilterOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RequestIdResolver.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RequestIdWebFilter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserGeneratorConfiguration {

		@Bean
		RequestIdGenerator userRequestIdGenerator() {
			return () -> "user-id";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResolverConfiguration {

		final RequestIdResolver resolver = new RequestIdResolver(List.of("X-Mine"), new RequestIdValidator(10),
				() -> "mine", false);

		@Bean
		RequestIdResolver userRequestIdResolver() {
			return this.resolver;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		RequestIdFilter userRequestIdFilter() {
			return new RequestIdFilter(new RequestIdResolver(List.of("X-Mine"), new RequestIdValidator(10),
					() -> "mine", true), null, null);
		}

	}

}

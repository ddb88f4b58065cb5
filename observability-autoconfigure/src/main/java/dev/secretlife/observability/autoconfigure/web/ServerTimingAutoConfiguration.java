package dev.secretlife.observability.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.autoconfigure.jdbc.JdbcObservabilityAutoConfiguration;
import dev.secretlife.observability.web.ExcludedPaths;
import dev.secretlife.observability.web.ServerTimingFilter;
import dev.secretlife.observability.web.ServerTimingWebFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@code Server-Timing} response header: the request's total
 * time, and its database time and statement count, in the browser's developer tools. On in the dev profiles, off
 * otherwise (it tells every client how long the database took), never on the actuator's paths.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@Conditional(OnServerTimingCondition.class)
@EnableConfigurationProperties(ServerTimingProperties.class)
public final class ServerTimingAutoConfiguration {

	/**
	 * Order of the servlet filter: inside Spring's observation filter ({@code HIGHEST_PRECEDENCE + 1}), whose
	 * observation carries the request's statements, and after the N+1 fail filter.
	 */
	public static final int FILTER_ORDER = JdbcObservabilityAutoConfiguration.N_PLUS_ONE_FAIL_FILTER_ORDER + 1;

	/**
	 * Returns the actuator's paths, from {@code management.endpoints.web.base-path} (Actuator's own default
	 * {@code /actuator} when unset; read as a string so that this works without Actuator on the class path).
	 */
	static ExcludedPaths actuatorPaths(Environment environment) {
		String basePath = Binder.get(environment)
			.bind("management.endpoints.web.base-path", String.class)
			.orElse("/actuator");
		List<String> patterns = new ArrayList<>();
		if (!basePath.isEmpty() && !basePath.equals("/")) {
			patterns.add(basePath);
			patterns.add(basePath + "/**");
		}
		return new ExcludedPaths(patterns);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class Servlet {

		@Bean
		@ConditionalOnMissingFilterBean(ServerTimingFilter.class)
		FilterRegistrationBean<ServerTimingFilter> serverTimingFilter(
				Environment environment) {
			FilterRegistrationBean<ServerTimingFilter> registration = new FilterRegistrationBean<>(
					new ServerTimingFilter(actuatorPaths(environment)));
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class Reactive {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE + 3)
		@ConditionalOnMissingBean
		ServerTimingWebFilter serverTimingWebFilter(Environment environment) {
			return new ServerTimingWebFilter(actuatorPaths(environment));
		}

	}

}

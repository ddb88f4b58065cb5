package dev.secretlife.observability.autoconfigure.requestid;

import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.requestid.RandomRequestIdGenerator;
import dev.secretlife.observability.requestid.RequestIdAccessor;
import dev.secretlife.observability.requestid.RequestIdClientHttpRequestInterceptor;
import dev.secretlife.observability.requestid.RequestIdExchangeFilterFunction;
import dev.secretlife.observability.requestid.RequestIdFilter;
import dev.secretlife.observability.requestid.RequestIdGenerator;
import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.requestid.RequestIdThreadLocalAccessor;
import dev.secretlife.observability.requestid.RequestIdValidator;
import dev.secretlife.observability.requestid.RequestIdWebFilter;
import io.micrometer.context.ContextRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

/**
 * {@link AutoConfiguration Auto-configuration} for request IDs: a filter on the servlet or reactive stack, and
 * propagation to outgoing calls.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.request-id.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestIdProperties.class)
public final class RequestIdAutoConfiguration {

	/**
	 * Order of the servlet filter: before every other filter, Spring Security's included, so that every response
	 * (a 401 too) carries the ID and every log line written while handling the request has it.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	@ConditionalOnMissingBean
	RequestIdGenerator requestIdGenerator() {
		return new RandomRequestIdGenerator();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdResolver requestIdResolver(RequestIdProperties properties, RequestIdGenerator generator,
			ObjectProvider<RequestIdResolver.FallbackSource> fallbacks) {
		List<String> headers = new ArrayList<>();
		headers.add(properties.getHeader());
		headers.addAll(properties.getAdditionalHeaders());
		RequestIdResolver resolver = new RequestIdResolver(headers, new RequestIdValidator(properties.getMaxLength()),
				generator, properties.isTrustIncoming());
		// With tracing, the caller's trace baggage is a further source (when the ID's header was dropped on the way).
		RequestIdResolver.FallbackSource fallback = fallbacks.orderedStream().findFirst().orElse(null);
		return (fallback != null) ? resolver.withFallback(fallback) : resolver;
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdAccessor requestIdAccessor() {
		return new RequestIdAccessor();
	}

	private static String responseHeaderOrNull(RequestIdProperties properties) {
		return properties.isResponseHeader() ? properties.getHeader() : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingFilterBean(RequestIdFilter.class)
		FilterRegistrationBean<RequestIdFilter> requestIdFilter(RequestIdResolver resolver,
				RequestIdProperties properties) {
			RequestIdFilter filter = new RequestIdFilter(resolver, properties.getMdcKey(),
					responseHeaderOrNull(properties));
			FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestIdWebFilter requestIdWebFilter(RequestIdResolver resolver, RequestIdProperties properties) {
			return new RequestIdWebFilter(resolver, responseHeaderOrNull(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ContextRegistry.class)
	static class ContextPropagationConfiguration {

		@Bean
		InitializingBean requestIdThreadLocalAccessorRegistration(RequestIdProperties properties) {
			// Registered once per key: a later context (or a refreshed one) replaces the accessor, never adds a second.
			return () -> ContextRegistry.getInstance()
				.registerThreadLocalAccessor(new RequestIdThreadLocalAccessor(properties.getMdcKey()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnBooleanProperty(name = "observability.request-id.propagate", matchIfMissing = true)
	static class RestClientPropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestIdClientHttpRequestInterceptor requestIdClientHttpRequestInterceptor(RequestIdProperties properties) {
			return new RequestIdClientHttpRequestInterceptor(properties.getHeader());
		}

		@Bean
		RestClientCustomizer requestIdRestClientCustomizer(RequestIdClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		@ConditionalOnClass(RestTemplate.class)
		RestTemplateCustomizer requestIdRestTemplateCustomizer(RequestIdClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, WebClient.class })
	@ConditionalOnBooleanProperty(name = "observability.request-id.propagate", matchIfMissing = true)
	static class WebClientPropagationConfiguration {

		@Bean
		WebClientCustomizer requestIdWebClientCustomizer(RequestIdProperties properties) {
			RequestIdExchangeFilterFunction filter = new RequestIdExchangeFilterFunction(properties.getHeader());
			return (builder) -> builder.filter(filter);
		}

	}

}

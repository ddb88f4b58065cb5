package dev.secretlife.observability.autoconfigure.web;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.requestid.RequestIdProperties;
import dev.secretlife.observability.web.RequestSummaryFilter;
import dev.secretlife.observability.web.RequestSummaryLogger;
import dev.secretlife.observability.web.RequestSummaryWebFilter;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * {@link AutoConfiguration Auto-configuration} for the per-request summary log line ("canonical log line").
 */
@AutoConfiguration(after = RequestIdAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
@ConditionalOnBooleanProperty(name = "observability.request-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestLogProperties.class)
public final class RequestLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestSummaryLogger requestSummaryLogger(RequestLogProperties properties) {
		return new RequestSummaryLogger(properties.getExcludePaths(), properties.getSampleRate(),
				properties.getMaxPathLength(), properties.getLevel().getSuccess(),
				properties.getLevel().getClientError(), properties.getLevel().getServerError());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ DispatcherType.class, HandlerMapping.class })
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingFilterBean(RequestSummaryFilter.class)
		FilterRegistrationBean<RequestSummaryFilter> requestSummaryFilter(RequestSummaryLogger summaryLogger) {
			FilterRegistrationBean<RequestSummaryFilter> registration = new FilterRegistrationBean<>(
					new RequestSummaryFilter(summaryLogger));
			registration.setOrder(RequestSummaryFilter.ORDER);
			// Not ERROR: the error page dispatch belongs to a request whose line is already written.
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ WebFilter.class, org.springframework.web.reactive.HandlerMapping.class })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestSummaryWebFilter requestSummaryWebFilter(RequestSummaryLogger summaryLogger,
				ObjectProvider<RequestIdProperties> requestIdProperties) {
			RequestIdProperties requestId = requestIdProperties.getIfAvailable();
			return new RequestSummaryWebFilter(summaryLogger,
					(requestId != null) ? requestId.getMdcKey() : "requestId");
		}

	}

}

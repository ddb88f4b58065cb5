package dev.secretlife.observability.autoconfigure.web;

import dev.secretlife.observability.autoconfigure.unit.UnitOfWorkAutoConfiguration;
import dev.secretlife.observability.web.RequestSummaryLogger;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link AutoConfiguration Auto-configuration} for the per-request summary log line ("canonical log line"), written
 * when the request's unit of work ends (see {@link UnitOfWorkAutoConfiguration}).
 */
@AutoConfiguration(before = UnitOfWorkAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
@ConditionalOnBooleanProperty(name = "observability.request-log.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestLogProperties.class)
public final class RequestLogAutoConfiguration {

	@Bean
	@Order(UnitOfWorkAutoConfiguration.SUMMARY_LINE_ORDER)
	@ConditionalOnMissingBean
	RequestSummaryLogger requestSummaryLogger(RequestLogProperties properties) {
		return new RequestSummaryLogger(properties.getExcludePaths(), properties.getSampleRate(),
				properties.getMaxPathLength(), properties.getLevel().getSuccess(),
				properties.getLevel().getClientError(), properties.getLevel().getServerError());
	}

}

package dev.secretlife.observability.autoconfigure.messaging;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.requestid.RequestIdProperties;
import dev.secretlife.observability.autoconfigure.tracing.TracingAutoConfiguration;
import dev.secretlife.observability.autoconfigure.unit.UnitOfWorkAutoConfiguration;
import dev.secretlife.observability.messaging.KafkaRequestIdSenderHandler;
import dev.secretlife.observability.messaging.KafkaSendsWithinWorkPredicate;
import dev.secretlife.observability.requestid.RequestIdResolver;
import dev.secretlife.observability.tracing.KafkaListenerSpanHandler;
import dev.secretlife.observability.tracing.ServerSpanDecorator;
import dev.secretlife.observability.unit.KafkaListenerUnitOfWorkHandler;
import dev.secretlife.observability.unit.MessageSummaryLogger;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * {@link AutoConfiguration Auto-configuration} of messaging with Spring Kafka: the request ID header on records sent
 * within a unit of work, each consumed record a unit of work (its producer's ID and trace, a summary line from
 * {@code observability.message}, its statements counted and checked for N+1), and the ID in the consumer's baggage.
 * Spring Kafka's observations, which carry the trace, are switched on by the starter's defaults
 * ({@code ObservabilityDefaultsEnvironmentPostProcessor}); {@code observability.messaging.enabled=false} turns
 * all of it off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		after = { RequestIdAutoConfiguration.class, TracingAutoConfiguration.class, UnitOfWorkAutoConfiguration.class })
@ConditionalOnClass({ KafkaTemplate.class, KafkaRecordReceiverContext.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "observability.messaging.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MessagingProperties.class)
public final class MessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KafkaSendsWithinWorkPredicate kafkaSendsWithinWorkPredicate() {
		return new KafkaSendsWithinWorkPredicate();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RequestIdProperties.class)
	KafkaRequestIdSenderHandler kafkaRequestIdSenderHandler(RequestIdProperties properties) {
		return new KafkaRequestIdSenderHandler(properties.getHeader());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(UnitOfWorkSupport.class)
	KafkaListenerUnitOfWorkHandler kafkaListenerUnitOfWorkHandler(UnitOfWorkSupport support,
			ObjectProvider<RequestIdResolver> resolver) {
		return new KafkaListenerUnitOfWorkHandler(support, resolver.getIfAvailable());
	}

	@Bean
	@Order(UnitOfWorkAutoConfiguration.SUMMARY_LINE_ORDER)
	@ConditionalOnMissingBean
	@ConditionalOnClass(org.slf4j.spi.LoggingEventBuilder.class)
	@ConditionalOnBooleanProperty(name = "observability.messaging.log.enabled", matchIfMissing = true)
	MessageSummaryLogger messageSummaryLogger() {
		return new MessageSummaryLogger();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServerSpanDecorator.class)
	@ConditionalOnBean(ServerSpanDecorator.class)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaListenerSpanHandler kafkaListenerSpanHandler(ServerSpanDecorator decorator) {
			return new KafkaListenerSpanHandler(decorator);
		}

	}

}

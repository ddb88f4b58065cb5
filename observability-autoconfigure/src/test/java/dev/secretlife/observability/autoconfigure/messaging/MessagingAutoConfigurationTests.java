package dev.secretlife.observability.autoconfigure.messaging;

import dev.secretlife.observability.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.secretlife.observability.autoconfigure.unit.UnitOfWorkAutoConfiguration;
import dev.secretlife.observability.messaging.KafkaRequestIdSenderHandler;
import dev.secretlife.observability.messaging.KafkaSendsWithinWorkPredicate;
import dev.secretlife.observability.unit.KafkaListenerUnitOfWorkHandler;
import dev.secretlife.observability.unit.MessageSummaryLogger;
import dev.secretlife.observability.unit.UnitOfWorkSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, RequestIdAutoConfiguration.class,
				UnitOfWorkAutoConfiguration.class, MessagingAutoConfiguration.class));

	@Test
	void shouldSupplyTheProducerAndConsumerSidesWithSpringKafka() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(KafkaRequestIdSenderHandler.class)
			.hasSingleBean(KafkaSendsWithinWorkPredicate.class)
			.hasSingleBean(KafkaListenerUnitOfWorkHandler.class)
			.hasSingleBean(MessageSummaryLogger.class));
	}

	@Test
	void shouldBackOffWhenUserDefinesTheListenerHandler() {
		this.contextRunner.withUserConfiguration(UserHandlerConfiguration.class)
			.run((context) -> assertThat(context).getBean(KafkaListenerUnitOfWorkHandler.class)
				.isSameAs(context.getBean(UserHandlerConfiguration.class).handler));
	}

	@Test
	void shouldSupplyNothingWithoutSpringKafka() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaRequestIdSenderHandler.class)
				.doesNotHaveBean(KafkaListenerUnitOfWorkHandler.class)
				.doesNotHaveBean(MessageSummaryLogger.class));
	}

	@Test
	void shouldSupplyNothingWhenMessagingIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.messaging.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaRequestIdSenderHandler.class)
				.doesNotHaveBean(KafkaSendsWithinWorkPredicate.class)
				.doesNotHaveBean(KafkaListenerUnitOfWorkHandler.class)
				.doesNotHaveBean(MessageSummaryLogger.class));
	}

	@Test
	void shouldLeaveOutOnlyTheSummaryLineWhenItIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.messaging.log.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(KafkaListenerUnitOfWorkHandler.class)
				.doesNotHaveBean(MessageSummaryLogger.class));
	}

	@Test
	void shouldPutNoRequestIdOnRecordsWhenRequestIdsAreSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.request-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaRequestIdSenderHandler.class)
				.hasSingleBean(KafkaListenerUnitOfWorkHandler.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandlerConfiguration {

		final KafkaListenerUnitOfWorkHandler handler = new KafkaListenerUnitOfWorkHandler(
				new UnitOfWorkSupport(false, false, null, UnitOfWorkSupport.LogContext.NONE, java.util.List::of), null);

		@Bean
		KafkaListenerUnitOfWorkHandler userHandler() {
			return this.handler;
		}

	}

}

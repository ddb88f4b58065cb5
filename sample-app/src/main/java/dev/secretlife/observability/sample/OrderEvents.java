package dev.secretlife.observability.sample;

import java.time.OffsetDateTime;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Every placed order is published as an {@value #TOPIC} event and consumed by every instance (one consumer group
 * per service), which records it in its database. The request ID and the trace of {@code POST /orders} go with the
 * record, so the consumer's lines and spans join the order's. Active only with a broker:
 * {@code spring.kafka.bootstrap-servers} set (the e2e run); the default run (H2, no broker) has none of it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
class OrderEvents {

	static final String TOPIC = "order-placed";

	private static final Logger log = LoggerFactory.getLogger(OrderEvents.class);

	private final KafkaTemplate<String, String> kafka;

	private final JdbcClient jdbc;

	private final String service;

	OrderEvents(KafkaTemplate<String, String> kafka, JdbcClient jdbc, Environment environment) {
		this.kafka = kafka;
		this.jdbc = jdbc;
		this.service = environment.getProperty("spring.application.name", "sample-app");
	}

	@Bean
	static NewTopic orderPlacedTopic() {
		return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
	}

	@EventListener
	void publish(OrderPlaced event) {
		String orderId = String.valueOf(event.orderId());
		this.kafka.send(TOPIC, orderId, orderId).join();
		log.atInfo().addKeyValue("orderId", event.orderId()).log("Order event published");
	}

	@KafkaListener(topics = TOPIC, groupId = "${spring.application.name:sample-app}")
	void receive(ConsumerRecord<String, String> record) {
		long orderId = Long.parseLong(record.value());
		this.jdbc.sql("INSERT INTO order_event (order_id, received_by, received_at) VALUES (?, ?, ?)")
			.params(orderId, this.service, OffsetDateTime.now())
			.update();
		log.atInfo().addKeyValue("orderId", orderId).log("Order event received");
	}

	/**
	 * An order was placed.
	 * @param orderId its ID
	 */
	record OrderPlaced(long orderId) {
	}

}

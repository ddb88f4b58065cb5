package dev.secretlife.observability.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import dev.secretlife.observability.unit.MessageSummaryLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring applications on a real (in-process KRaft) Kafka broker: {@code orders} publishes from its HTTP requests,
 * {@code inventory} consumes. Their JSON log lines (Spring Boot's logstash format) and their spans are read back.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaMessagingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HOSTILE_CRLF = "abc\r\nInjected: yes";

	private static EmbeddedKafkaKraftBroker broker;

	private static ConfigurableApplicationContext inventory;

	private static ConfigurableApplicationContext orders;

	private final RestClient client = RestClient.create();

	@BeforeAll
	static void start() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, "orders", "flaky", "batched", "plain", "outside",
				"repeats");
		broker.afterPropertiesSet();
		inventory = start(Inventory.class, "inventory", WebApplicationType.NONE,
				"spring.kafka.consumer.group-id=inventory", "spring.datasource.url=jdbc:h2:mem:inventory");
		orders = start(Orders.class, "orders", WebApplicationType.SERVLET, "server.port=0",
				"spring.datasource.url=jdbc:h2:mem:orders");
	}

	@AfterAll
	static void stop() {
		if (orders != null) {
			orders.close();
		}
		if (inventory != null) {
			inventory.close();
		}
		broker.destroy();
	}

	@Test
	void theConsumersLinesAndSpansHaveTheProducersRequestIdAndTrace(CapturedOutput output) {
		ResponseEntity<String> response = post(orders, "/publish/orders/order-42");
		String requestId = response.getHeaders().getFirst("X-Request-ID");
		assertThat(requestId).isNotBlank();

		Map<String, Object> summary = awaitLine(output,
				(line) -> MessageSummaryLogger.LOGGER_NAME.equals(line.get("logger_name"))
						&& requestId.equals(line.get("requestId")));
		Map<String, Object> published = single(output, "publishing order-42");
		Map<String, Object> stored = single(output, "storing order-42");
		String traceId = (String) published.get("traceId");
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(published).containsEntry("requestId", requestId);
		assertThat(stored).containsEntry("requestId", requestId).containsEntry("traceId", traceId);
		assertThat(summary).containsEntry("traceId", traceId)
			.containsEntry("topic", "orders")
			.containsEntry("consumerGroup", "inventory")
			.containsEntry("outcome", "SUCCESS")
			.containsEntry("dbQueries", 1)
			.containsKeys("durationMs", "dbTimeMs")
			.doesNotContainKey("exception");
		assertThat(summary.get("message")).asString().startsWith("message orders SUCCESS ");
		// Neither the key nor the payload anywhere in the starter's line.
		assertThat(JSON.writeValueAsString(summary)).doesNotContain("order-42").doesNotContain("key-");

		// One trace: the consumer's span is a child of the producer's send span, across the topic.
		List<SpanData> producerSpans = spans(orders, traceId, 2);
		List<SpanData> consumerSpans = spans(inventory, traceId, 1);
		SpanData send = producerSpans.stream().filter((span) -> span.getKind() == SpanKind.PRODUCER).findFirst()
			.orElseThrow();
		SpanData receive = consumerSpans.stream().filter((span) -> span.getKind() == SpanKind.CONSUMER).findFirst()
			.orElseThrow();
		assertThat(receive.getParentSpanId()).isEqualTo(send.getSpanId());
		assertThat(receive.getAttributes().asMap())
			.anySatisfy((key, value) -> assertThat(key.getKey() + "=" + value).isEqualTo("requestId=" + requestId));
		assertThat(receive.getAttributes().asMap().values()).allSatisfy(
				(value) -> assertThat(String.valueOf(value)).doesNotContain("order-42").doesNotContain("key-"));

		assertThat(inventory.getBean(MeterRegistry.class).get("jdbc.message.queries").tag("topic", "orders")
			.summary().count()).isGreaterThanOrEqualTo(1);
		assertThat(Inventory.headersSeen.get("order-42")).contains("X-Request-ID", "traceparent", "baggage");
	}

	@Test
	void hostileRequestIdHeadersAreReplacedByGeneratedIdsAndTheRecordsAreConsumed(CapturedOutput output) {
		byte[] notUtf8 = { (byte) 0xC3, (byte) 0x28, 'a' };
		byte[] fourKilobytes = "a".repeat(4096).getBytes(StandardCharsets.US_ASCII);
		try (KafkaProducer<String, String> producer = rawProducer()) {
			send(producer, "hostile-crlf", HOSTILE_CRLF.getBytes(StandardCharsets.UTF_8));
			send(producer, "hostile-long", fourKilobytes);
			send(producer, "hostile-bytes", notUtf8);
			send(producer, "no-header", null);
		}
		for (String payload : List.of("hostile-crlf", "hostile-long", "hostile-bytes", "no-header")) {
			Map<String, Object> stored = awaitLine(output, (line) -> ("storing " + payload).equals(line.get("message")));
			String id = (String) stored.get("requestId");
			assertThat(id).as(payload).matches("[0-9a-f-]{36}");
			assertThat(JsonLogLines(output)).as(payload)
				.anySatisfy((line) -> assertThat(line).containsEntry("logger_name", MessageSummaryLogger.LOGGER_NAME)
					.containsEntry("requestId", id)
					.containsEntry("outcome", "SUCCESS"));
		}
		assertThat(output.getOut()).doesNotContain("Injected").doesNotContain("a".repeat(200));
	}

	@Test
	void aRedeliveredRecordIsANewUnitWithTheSameRequestIdAndTrace(CapturedOutput output) {
		ResponseEntity<String> response = post(orders, "/publish/flaky/once");
		String requestId = response.getHeaders().getFirst("X-Request-ID");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> lines(output, MessageSummaryLogger.LOGGER_NAME, requestId).size() >= 2);
		List<Map<String, Object>> deliveries = lines(output, MessageSummaryLogger.LOGGER_NAME, requestId);
		assertThat(deliveries).hasSize(2);
		assertThat(deliveries.get(0)).containsEntry("outcome", "ERROR")
			.containsEntry("level", "ERROR")
			.containsEntry("exception", "java.lang.IllegalStateException")
			.containsEntry("topic", "flaky");
		assertThat(deliveries.get(1)).containsEntry("outcome", "SUCCESS").containsEntry("topic", "flaky");
		assertThat(deliveries.get(0).get("traceId")).isNotNull().isEqualTo(deliveries.get(1).get("traceId"));
		List<SpanData> consumerSpans = spans(inventory, (String) deliveries.get(0).get("traceId"), 2);
		assertThat(consumerSpans).filteredOn((span) -> span.getKind() == SpanKind.CONSUMER).hasSize(2);
	}

	@Test
	void aMessageThatRepeatsAStatementIsReportedAsNPlusOneWithItsRequestIdAndTopic(CapturedOutput output) {
		String requestId = post(orders, "/publish/repeats/r1").getHeaders().getFirst("X-Request-ID");

		Map<String, Object> summary = awaitLine(output,
				(line) -> MessageSummaryLogger.LOGGER_NAME.equals(line.get("logger_name"))
						&& requestId.equals(line.get("requestId")));
		assertThat(summary).containsEntry("topic", "repeats").containsEntry("dbQueries", 6);
		assertThat(JsonLogLines(output)).anySatisfy((line) -> assertThat(line).containsEntry("level", "WARN")
			.containsEntry("requestId", requestId)
			.containsEntry("traceId", summary.get("traceId"))
			.hasEntrySatisfying("message", (message) -> assertThat((String) message)
				.startsWith("N+1 queries suspected: the same statement ran 6 times in message from topic repeats")));
		assertThat(inventory.getBean(MeterRegistry.class).get("jdbc.message.repeated.queries")
			.tags("topic", "repeats").counter().count()).isEqualTo(1);
	}

	@Test
	void aBatchIsNoUnitOfWork(CapturedOutput output) {
		String first = post(orders, "/publish/batched/b1").getHeaders().getFirst("X-Request-ID");
		String second = post(orders, "/publish/batched/b2").getHeaders().getFirst("X-Request-ID");

		await().atMost(Duration.ofSeconds(30)).until(() -> Inventory.batched.containsAll(List.of("b1", "b2")));
		List<Map<String, Object>> batchLines = JsonLogLines(output).stream()
			.filter((line) -> String.valueOf(line.get("message")).startsWith("batch of "))
			.toList();
		assertThat(batchLines).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).doesNotContainKeys("requestId", "traceId"));
		assertThat(JsonLogLines(output)).noneSatisfy((line) -> assertThat(line)
			.containsEntry("logger_name", MessageSummaryLogger.LOGGER_NAME)
			.containsEntry("topic", "batched"));
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void aRecordSentOutsideAnyUnitCarriesNoRequestIdAndNoTrace() {
		orders.getBean(KafkaTemplate.class).send("outside", "from-nowhere").join();

		ConsumerRecord<String, String> record = readOne("outside");
		assertThat(headerNames(record)).isEmpty();
	}

	@Test
	void withMessagingSwitchedOffNothingOfTheStarterIsOnTheRecords() {
		try (ConfigurableApplicationContext off = start(Orders.class, "orders-off", WebApplicationType.SERVLET,
				"server.port=0", "spring.datasource.url=jdbc:h2:mem:orders-off",
				"observability.messaging.enabled=false")) {
			ResponseEntity<String> response = post(off, "/publish/plain/switched-off");
			assertThat(response.getHeaders().getFirst("X-Request-ID")).isNotBlank();

			ConsumerRecord<String, String> record = readOne("plain");
			assertThat(record.value()).isEqualTo("switched-off");
			assertThat(headerNames(record)).isEmpty();
			assertThat(off.getEnvironment().getProperty("spring.kafka.template.observation-enabled")).isNull();
		}
	}

	private static void send(KafkaProducer<String, String> producer, String payload, byte[] requestId) {
		ProducerRecord<String, String> record = new ProducerRecord<>("orders", "key-" + payload, payload);
		if (requestId != null) {
			record.headers().add("X-Request-ID", requestId);
		}
		producer.send(record);
	}

	private static KafkaProducer<String, String> rawProducer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
				new StringSerializer(), new StringSerializer());
	}

	private static ConsumerRecord<String, String> readOne(String topic) {
		Map<String, Object> properties = KafkaTestUtils.consumerProps(broker.getBrokersAsString(), "reader-" + topic,
				false);
		properties.put("auto.offset.reset", "earliest");
		try (Consumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			return KafkaTestUtils.getSingleRecord(consumer, topic, Duration.ofSeconds(30));
		}
	}

	private static List<String> headerNames(ConsumerRecord<?, ?> record) {
		return StreamSupport.stream(record.headers().spliterator(), false).map(Header::key).toList();
	}

	private ResponseEntity<String> post(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return this.client.post().uri("http://localhost:" + port + path).retrieve().toEntity(String.class);
	}

	private static List<SpanData> spans(ConfigurableApplicationContext context, String traceId, int atLeast) {
		InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(exporter.getFinishedSpanItems()).filteredOn((span) -> span.getTraceId().equals(traceId))
				.hasSizeGreaterThanOrEqualTo(atLeast);
		});
		return exporter.getFinishedSpanItems().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	private static List<Map<String, Object>> JsonLogLines(CapturedOutput output) {
		List<Map<String, Object>> lines = new ArrayList<>();
		for (String line : output.getOut().lines().toList()) {
			if (line.startsWith("{")) {
				lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {
				}));
			}
		}
		return lines;
	}

	private static List<Map<String, Object>> lines(CapturedOutput output, String logger, String requestId) {
		return JsonLogLines(output).stream()
			.filter((line) -> logger.equals(line.get("logger_name")) && requestId.equals(line.get("requestId")))
			.toList();
	}

	private static Map<String, Object> single(CapturedOutput output, String message) {
		List<Map<String, Object>> matching = JsonLogLines(output).stream()
			.filter((line) -> message.equals(line.get("message")))
			.toList();
		assertThat(matching).as(message).hasSize(1);
		return matching.get(0);
	}

	private static Map<String, Object> awaitLine(CapturedOutput output,
			java.util.function.Predicate<Map<String, Object>> condition) {
		await().atMost(Duration.ofSeconds(30)).until(() -> JsonLogLines(output).stream().anyMatch(condition));
		return JsonLogLines(output).stream().filter(condition).findFirst().orElseThrow();
	}

	static ConfigurableApplicationContext start(Class<?> application, String name, WebApplicationType type,
			String... properties) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("spring.application.name=" + name, "logging.structured.format.console=logstash",
					"management.tracing.export.otlp.enabled=false", "management.tracing.export.zipkin.enabled=false",
					"management.tracing.sampling.probability=1.0",
					"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"spring.kafka.consumer.auto-offset-reset=earliest")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Orders {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		OrdersController ordersController(KafkaTemplate<Object, Object> template) {
			return new OrdersController(template);
		}

	}

	@RestController
	static class OrdersController {

		private static final Log logger = LogFactory.getLog(OrdersController.class);

		private final KafkaTemplate<Object, Object> template;

		OrdersController(KafkaTemplate<Object, Object> template) {
			this.template = template;
		}

		@PostMapping("/publish/{topic}/{payload}")
		String publish(@PathVariable String topic, @PathVariable String payload) {
			logger.info("publishing " + payload);
			this.template.send(topic, "key-" + payload, payload).join();
			return "sent";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Inventory {

		static final Map<String, List<String>> headersSeen = new ConcurrentHashMap<>();

		static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

		static final Queue<String> batched = new ConcurrentLinkedQueue<>();

		private static final Log logger = LogFactory.getLog(Inventory.class);

		private final JdbcTemplate jdbc;

		Inventory(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		static ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(ConsumerFactory<Object, Object> consumers) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			factory.setConsumerFactory(consumers);
			factory.setBatchListener(true);
			factory.getContainerProperties().setObservationEnabled(true);
			return factory;
		}

		@KafkaListener(topics = "orders")
		void store(ConsumerRecord<String, String> record) {
			headersSeen.put(record.value(), headerNames(record));
			logger.info("storing " + record.value());
			this.jdbc.queryForObject("select count(*) from information_schema.tables", Integer.class);
		}

		@KafkaListener(topics = "repeats")
		void repeats(String payload) {
			for (int i = 0; i < 6; i++) {
				this.jdbc.queryForObject("select count(*) from information_schema.tables where table_name = ?",
						Integer.class, payload + i);
			}
		}

		@KafkaListener(topics = "flaky")
		void flaky(String payload) {
			if (failedOnce.add(payload)) {
				throw new IllegalStateException("first delivery fails");
			}
			logger.info("flaky succeeded " + payload);
		}

		@KafkaListener(topics = "batched", containerFactory = "batchFactory")
		void batch(List<String> payloads) {
			logger.info("batch of " + payloads.size());
			batched.addAll(payloads);
		}

	}

}

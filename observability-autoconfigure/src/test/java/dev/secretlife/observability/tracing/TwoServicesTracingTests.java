package dev.secretlife.observability.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.secretlife.observability.requestid.RequestId;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Service A calls service B over a {@link RestClient} built from Boot's builder; both are real servers.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoServicesTracingTests {

	private static final String W3C_TRACERESPONSE = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

	private static ConfigurableApplicationContext serviceB;

	private static ConfigurableApplicationContext serviceA;

	private final RestClient client = RestClient.create();

	@BeforeAll
	static void startServices() {
		serviceB = start(ServiceB.class, "b");
		serviceA = start(ServiceA.class, "a", "service-b.url=http://localhost:" + port(serviceB));
	}

	@AfterAll
	static void stopServices() {
		serviceA.close();
		serviceB.close();
	}

	@BeforeEach
	void forgetEarlierSpans() {
		flush(serviceA).reset();
		flush(serviceB).reset();
	}

	@Test
	void oneTraceIdInBothServicesSpansAndLogLines(CapturedOutput output) {
		ResponseEntity<String> response = get("/a");

		String traceId = response.getHeaders().getFirst("X-Trace-Id");
		String requestId = response.getHeaders().getFirst("X-Request-ID");
		assertThat(traceId).matches("[0-9a-f]{32}");
		List<SpanData> spansOfA = spans(serviceA, 2);
		List<SpanData> spansOfB = spans(serviceB, 1);
		assertThat(spansOfA).extracting(SpanData::getTraceId).containsOnly(traceId);
		assertThat(spansOfB).extracting(SpanData::getTraceId).containsOnly(traceId);
		assertThat(JsonLogLines.withMessage(output.getOut(), "handling in A", requestId)).singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId).containsKey("spanId"));
		assertThat(JsonLogLines.withMessage(output.getOut(), "handling in B", requestId)).singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId).containsKey("spanId"));
	}

	@Test
	void serviceBReusesTheCallersRequestIdFromBaggageWhenTheHeaderIsRemoved(CapturedOutput output) {
		ResponseEntity<String> response = get("/a?removeRequestIdHeader=true");

		String requestIdOfA = response.getHeaders().getFirst("X-Request-ID");
		assertThat(requestIdOfA).isNotBlank();
		assertThat(response.getBody()).isEqualTo("B saw request ID " + requestIdOfA + " without header: true");
		// B logs with A's request ID (and A's trace): the ID came through the baggage.
		String traceId = response.getHeaders().getFirst("X-Trace-Id");
		assertThat(JsonLogLines.withMessage(output.getOut(), "handling in B", requestIdOfA)).singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId));
		SpanData serverSpanOfB = spans(serviceB, 1).get(0);
		assertThat(serverSpanOfB.getAttributes().asMap())
			.anySatisfy((key, value) -> assertThat(key.getKey() + "=" + value).isEqualTo("requestId=" + requestIdOfA));
	}

	@Test
	void responseCarriesWellFormedTraceHeaders() {
		ResponseEntity<String> response = get("/a");

		String traceResponse = response.getHeaders().getFirst("traceresponse");
		assertThat(traceResponse).matches(W3C_TRACERESPONSE);
		assertThat(traceResponse.substring(3, 35)).isEqualTo(response.getHeaders().getFirst("X-Trace-Id"));
		SpanData serverSpanOfA = spans(serviceA, 2).stream()
			.filter((span) -> span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
			.findFirst()
			.orElseThrow();
		assertThat(traceResponse.substring(36, 52)).isEqualTo(serverSpanOfA.getSpanId());
	}

	private ResponseEntity<String> get(String path) {
		return this.client.get().uri("http://localhost:" + port(serviceA) + path).retrieve().toEntity(String.class);
	}

	private static InMemorySpanExporter flush(ConfigurableApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return context.getBean(InMemorySpanExporter.class);
	}

	private static List<SpanData> spans(ConfigurableApplicationContext context, int atLeast) {
		InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(exporter.getFinishedSpanItems()).hasSizeGreaterThanOrEqualTo(atLeast);
		});
		return exporter.getFinishedSpanItems();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static ConfigurableApplicationContext start(Class<?> application, String name, String... properties) {
		return new SpringApplicationBuilder(application).properties("server.port=0", "spring.application.name=" + name,
				"logging.structured.format.console=logstash", "management.tracing.export.otlp.enabled=false",
				"management.tracing.sampling.probability=1.0",
				"management.tracing.export.zipkin.enabled=false")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ServiceA {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		AController aController(RestClient.Builder builder,
				org.springframework.core.env.Environment environment) {
			return new AController(builder, environment.getRequiredProperty("service-b.url"));
		}

	}

	@RestController
	static class AController {

		private static final Log logger = LogFactory.getLog(AController.class);

		private final RestClient toB;

		private final RestClient toBWithoutRequestIdHeader;

		AController(RestClient.Builder builder, String url) {
			this.toB = builder.clone().baseUrl(url).build();
			this.toBWithoutRequestIdHeader = builder.clone()
				.baseUrl(url)
				.requestInterceptor((request, body, execution) -> {
					request.getHeaders().remove("X-Request-ID");
					return execution.execute(request, body);
				})
				.build();
		}

		@GetMapping("/a")
		String a(@RequestParam(defaultValue = "false") boolean removeRequestIdHeader) {
			logger.info("handling in A");
			RestClient client = removeRequestIdHeader ? this.toBWithoutRequestIdHeader : this.toB;
			return client.get().uri("/b").retrieve().body(String.class);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ServiceB {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		BController bController() {
			return new BController();
		}

	}

	@RestController
	static class BController {

		private static final Log logger = LogFactory.getLog(BController.class);

		@GetMapping("/b")
		String b(@org.springframework.web.bind.annotation.RequestHeader Map<String, String> headers) {
			logger.info("handling in B");
			return "B saw request ID " + RequestId.get() + " without header: " + !headers.containsKey("x-request-id");
		}

	}

}

package dev.secretlife.observability.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At sampling probability 0, on a real Tomcat with a real H2 database, spans sent by OpenTelemetry's Zipkin exporter
 * to a Zipkin v2 receiver on loopback: a failing request's whole trace arrives (its JDBC spans included, its root
 * marked observability.kept=error), a 5xx without exception and a slow request are kept too, a successful fast
 * request's trace never arrives, and so for {@code @Scheduled} runs.
 */
class KeptTracesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> received = new CopyOnWriteArrayList<>();

	private HttpServer zipkin;

	@BeforeEach
	void startZipkin() throws IOException {
		this.zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.zipkin.createContext("/api/v2/spans", (exchange) -> {
			try {
				InputStream body = exchange.getRequestBody();
				if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
					body = new GZIPInputStream(body);
				}
				JsonNode spans = JSON.readTree(body.readAllBytes());
				spans.forEach(this.received::add);
				exchange.sendResponseHeaders(202, -1);
			}
			catch (RuntimeException ex) {
				ex.printStackTrace();
				exchange.sendResponseHeaders(400, -1);
			}
			exchange.close();
		});
		this.zipkin.start();
	}

	@AfterEach
	void stopZipkin() {
		this.zipkin.stop(0);
	}

	@Test
	void atSamplingZeroOnlyFailedAndSlowRequestsReachZipkinWithTheirJdbcSpans() {
		try (ConfigurableApplicationContext context = start("--observability.tracing.keep.slower-than=2s")) {
			RestClient client = RestClient.builder()
				.baseUrl("http://localhost:" + TwoServicesTracingTests.port(context))
				.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				})
				.build();
			for (int i = 0; i < 5; i++) {
				// The first requests are slow while the server warms up, and would be kept as slow.
				client.get().uri("/ok").retrieve().toEntity(String.class);
			}
			flush(context);
			this.received.clear();
			String ok = traceId(client.get().uri("/ok").retrieve().toEntity(String.class));
			String boom = traceId(client.get().uri("/boom").retrieve().toEntity(String.class));
			String unavailable = traceId(client.get().uri("/unavailable").retrieve().toEntity(String.class));
			String slow = traceId(client.get().uri("/slow").retrieve().toEntity(String.class));
			flush(context);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(root(boom)).isNotNull();
				assertThat(root(unavailable)).isNotNull();
				assertThat(root(slow)).isNotNull();
			});
			assertThat(tag(root(boom), KeepingSpanProcessor.ATTRIBUTE)).isEqualTo("error");
			assertThat(tag(root(unavailable), KeepingSpanProcessor.ATTRIBUTE)).isEqualTo("error");
			assertThat(tag(root(slow), KeepingSpanProcessor.ATTRIBUTE)).isEqualTo("slow");
			List<JsonNode> boomSpans = spansOf(boom);
			assertThat(boomSpans).as("the failed request's JDBC spans, children of its server span")
				.anySatisfy((span) -> {
					assertThat(span.path("parentId").asString()).isEqualTo(root(boom).path("id").asString());
					assertThat(span.path("name").asString()).containsIgnoringCase("select");
				});
			assertThat(spansOf(ok)).as("a successful fast request's trace").isEmpty();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(KeepingSpanProcessor.KEPT_METER_NAME).tag("reason", "error").counter().count())
				.isGreaterThanOrEqualTo(2);
			assertThat(registry.get(KeepingSpanProcessor.KEPT_METER_NAME).tag("reason", "slow").counter().count())
				.isGreaterThanOrEqualTo(1);
		}
		assertThat(this.received).as("every exported span is of a kept trace or was marked")
			.allSatisfy((span) -> assertThat(span.path("traceId").asString()).isNotBlank());
	}

	@Test
	void atSamplingZeroAFailedScheduledRunIsKeptAndASuccessfulOneIsNot() {
		// No slow threshold: a first run on a loaded machine must not be kept as slow.
		try (ConfigurableApplicationContext context = start("--keep-test.jobs=true")) {
			Jobs jobs = context.getBean(Jobs.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> jobs.failed.get() >= 2 && jobs.succeeded.get() >= 2);
			flush(context);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.received)
				.anySatisfy((span) -> assertThat(tag(span, KeepingSpanProcessor.ATTRIBUTE)).isEqualTo("error")));
			List<JsonNode> keptRoots = this.received.stream()
				.filter((span) -> "error".equals(tag(span, KeepingSpanProcessor.ATTRIBUTE)))
				.toList();
			assertThat(keptRoots).allSatisfy((root) -> assertThat(root.toString()).contains("failToReconcile")
				.doesNotContain("countOrders"));
			String keptTrace = keptRoots.get(0).path("traceId").asString();
			assertThat(spansOf(keptTrace)).as("the failed run's JDBC span")
				.anySatisfy((span) -> assertThat(span.path("name").asString()).containsIgnoringCase("select"));
			assertThat(this.received).as("spans of the successful runs")
				.noneSatisfy((span) -> assertThat(span.toString()).contains("countOrders"));
		}
	}

	private ConfigurableApplicationContext start(String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--management.tracing.sampling.probability=0",
				"--management.tracing.export.otlp.enabled=false", "--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=" + zipkinEndpoint(),
				"--management.tracing.export.zipkin.encoding=json",
				"--management.opentelemetry.tracing.export.schedule-delay=10ms",
				"--spring.datasource.url=jdbc:h2:mem:kept-" + System.nanoTime()));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(Application.class).run(args.toArray(String[]::new));
	}

	private String zipkinEndpoint() {
		return "http://127.0.0.1:" + this.zipkin.getAddress().getPort() + "/api/v2/spans";
	}

	private static void flush(ConfigurableApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
	}

	private static String traceId(ResponseEntity<String> response) {
		String traceId = response.getHeaders().getFirst("X-Trace-Id");
		assertThat(traceId).hasSize(32);
		return traceId;
	}

	private List<JsonNode> spansOf(String traceId) {
		return this.received.stream().filter((span) -> traceId.equals(span.path("traceId").asString())).toList();
	}

	private JsonNode root(String traceId) {
		return spansOf(traceId).stream().filter((span) -> !span.has("parentId")).findFirst().orElse(null);
	}

	private static String tag(JsonNode span, String name) {
		JsonNode tag = span.path("tags").path(name);
		return tag.isMissingNode() ? null : tag.asString();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableScheduling
	static class Application {

		@RestController
		static class WorkController {

			private final JdbcTemplate jdbc;

			WorkController(JdbcTemplate jdbc) {
				this.jdbc = jdbc;
			}

			@GetMapping("/ok")
			String ok() {
				return "rows " + this.jdbc.queryForObject("select count(*) from information_schema.tables",
						Integer.class);
			}

			@GetMapping("/boom")
			String boom() {
				this.jdbc.queryForObject("select count(*) from information_schema.tables", Integer.class);
				throw new IllegalStateException("ledger out of balance");
			}

			@GetMapping("/unavailable")
			ResponseEntity<String> unavailable() {
				return ResponseEntity.status(503).body("try later");
			}

			@GetMapping("/slow")
			String slow() throws InterruptedException {
				this.jdbc.queryForObject("select count(*) from information_schema.tables", Integer.class);
				Thread.sleep(2500);
				return "slow";
			}

		}

		@Bean
		Jobs jobs(JdbcTemplate jdbc, Environment environment) {
			return new Jobs(jdbc, environment.getProperty("keep-test.jobs", Boolean.class, false));
		}

	}

	static class Jobs {

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger succeeded = new AtomicInteger();

		private final JdbcTemplate jdbc;

		private final boolean enabled;

		Jobs(JdbcTemplate jdbc, boolean enabled) {
			this.jdbc = jdbc;
			this.enabled = enabled;
		}

		@Scheduled(fixedDelay = 100)
		void countOrders() {
			if (this.enabled) {
				this.jdbc.queryForObject("select count(*) from information_schema.tables", Integer.class);
				this.succeeded.incrementAndGet();
			}
		}

		@Scheduled(fixedDelay = 100)
		void failToReconcile() {
			if (this.enabled) {
				this.jdbc.queryForObject("select count(*) from information_schema.tables", Integer.class);
				this.failed.incrementAndGet();
				throw new IllegalStateException("ledger out of balance");
			}
		}

	}

}

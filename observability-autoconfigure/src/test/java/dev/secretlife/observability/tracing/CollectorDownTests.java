package dev.secretlife.observability.tracing;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTLP exporter points at a local port where nothing listens.
 */
@ExtendWith(OutputCaptureExtension.class)
class CollectorDownTests {

	@Test
	void requestsSucceedAndTheExportFailureIsLoggedOncePerInterval(CapturedOutput output) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		long started = System.nanoTime();
		// Arguments, not default properties: the starter's defaults rank above SpringApplication's default properties.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class).run(
				"--server.port=0", "--logging.structured.format.console=logstash",
				"--management.tracing.export.zipkin.enabled=false",
				"--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + closedPort + "/v1/traces",
				"--management.opentelemetry.tracing.export.schedule-delay=10ms")) {
			RestClient client = RestClient.create("http://localhost:" + TwoServicesTracingTests.port(context));
			SdkTracerProvider tracerProvider = context.getBean(SdkTracerProvider.class);
			for (int i = 0; i < 20; i++) {
				ResponseEntity<String> response = client.get().uri("/work").retrieve().toEntity(String.class);
				assertThat(response.getStatusCode().is2xxSuccessful()).isTrue();
			}
			tracerProvider.forceFlush().join(60, TimeUnit.SECONDS);
		}
		// One warning per started minute at most (OTLP retries with back-off, so a test run may take a while).
		long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started);
		assertThat(JsonLogLines.parse(output.getOut()))
			.filteredOn((line) -> String.valueOf(line.get("message")).startsWith("Could not export spans"))
			.hasSizeBetween(1, (int) (1 + minutes))
			.allSatisfy((line) -> assertThat(line).containsEntry("level", "WARN")
				.extractingByKey("message")
				.asString()
				.contains("127.0.0.1:" + closedPort));
		assertThat(JsonLogLines.parse(output.getOut()))
			.noneSatisfy((line) -> assertThat(String.valueOf(line.get("logger_name"))).startsWith("io.opentelemetry"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@RestController
		static class WorkController {

			@GetMapping("/work")
			String work() {
				return "done";
			}

		}

	}

}

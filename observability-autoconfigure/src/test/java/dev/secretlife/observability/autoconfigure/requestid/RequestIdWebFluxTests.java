package dev.secretlife.observability.autoconfigure.requestid;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.secretlife.observability.requestid.RequestId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request ID on a real Reactor Netty server: echoed, validated, in the Reactor context, in the MDC of lines
 * logged inside operators on other threads, and passed on by WebClient.
 */
@SpringBootTest(classes = RequestIdWebFluxTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
class RequestIdWebFluxTests {

	private static HeaderEchoServer downstream;

	@LocalServerPort
	int port;

	private final CapturedLogEvents events = new CapturedLogEvents();

	@BeforeAll
	static void startDownstream() throws IOException {
		downstream = new HeaderEchoServer();
	}

	@AfterAll
	static void stopDownstream() {
		downstream.close();
	}

	@DynamicPropertySource
	static void downstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("downstream.url", downstream::url);
	}

	@BeforeEach
	void captureEvents() {
		this.events.start();
	}

	@AfterEach
	void stopCapturing() {
		this.events.stop();
	}

	@Test
	void echoesAValidIdAndPutsItInTheReactorContext() throws Exception {
		HttpResponse<String> response = RequestIdServletIntegrationTests.get(this.port, "/context", "X-Request-ID",
				"flux-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("flux-1");
		assertThat(response.body()).isEqualTo("flux-1");
	}

	@Test
	void replacesAnInvalidId() throws Exception {
		HttpResponse<String> response = RequestIdServletIntegrationTests.get(this.port, "/context", "X-Request-ID",
				"\"bad id\"");
		assertThat(response.statusCode()).isEqualTo(200);
		String id = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(id).hasSize(36).isEqualTo(response.body());
	}

	@Test
	void linesLoggedInsideOperatorsOnOtherThreadsCarryTheId() throws Exception {
		HttpResponse<String> response = RequestIdServletIntegrationTests.get(this.port, "/delayed", "X-Request-ID",
				"flux-2");
		assertThat(response.body()).isEqualTo("flux-2");
		var lines = this.events.from(TestApplication.FluxController.class);
		assertThat(lines).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "flux-2"));
		assertThat(lines.get(1).getThreadName()).startsWith("parallel");
	}

	@Test
	void echoesTheIdOnA404() throws Exception {
		HttpResponse<String> response = RequestIdServletIntegrationTests.get(this.port, "/missing", "X-Request-ID",
				"flux-404");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("flux-404");
	}

	@Test
	void webClientPassesTheIdOnFromTheReactorContext() throws Exception {
		HttpResponse<String> response = RequestIdServletIntegrationTests.get(this.port, "/call", "X-Request-ID",
				"flux-3");
		assertThat(response.body()).isEqualTo("flux-3");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class FluxController {

			private static final org.slf4j.Logger log = LoggerFactory.getLogger(FluxController.class);

			private final WebClient webClient;

			private final String url;

			FluxController(WebClient.Builder webClient, @Value("${downstream.url}") String url) {
				this.webClient = webClient.build();
				this.url = url;
			}

			@GetMapping("/context")
			Mono<String> context() {
				return Mono.deferContextual((context) -> Mono.just(context.<String>get(RequestId.CONTEXT_KEY)));
			}

			@GetMapping("/delayed")
			Mono<String> delayed() {
				return Mono.fromSupplier(() -> {
					log.info("before delay");
					return "x";
				}).delayElement(Duration.ofMillis(5)).map((x) -> {
					log.info("after delay");
					return RequestId.current().orElse("none");
				});
			}

			@GetMapping("/call")
			Mono<String> call() {
				return this.webClient.get().uri(this.url).retrieve().bodyToMono(String.class);
			}

		}

	}

}

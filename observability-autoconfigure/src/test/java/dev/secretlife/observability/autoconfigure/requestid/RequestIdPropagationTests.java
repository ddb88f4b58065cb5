package dev.secretlife.observability.autoconfigure.requestid;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outgoing calls made while handling a request carry its ID to a real second server, through each client built
 * from Boot's auto-configured builders, and a header the caller set itself is left alone.
 */
@SpringBootTest(classes = RequestIdPropagationTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
class RequestIdPropagationTests {

	private static HeaderEchoServer downstream;

	@LocalServerPort
	int port;

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

	@Test
	void restClientSendsTheCurrentRequestId() throws Exception {
		assertThat(call("/via/rest-client", "rc-1")).isEqualTo("rc-1");
	}

	@Test
	void restTemplateSendsTheCurrentRequestId() throws Exception {
		assertThat(call("/via/rest-template", "rt-1")).isEqualTo("rt-1");
	}

	@Test
	void webClientSendsTheCurrentRequestId() throws Exception {
		assertThat(call("/via/web-client", "wc-1")).isEqualTo("wc-1");
	}

	@Test
	void aGeneratedIdIsPropagatedToo() throws Exception {
		var response = RequestIdServletIntegrationTests.get(this.port, "/via/rest-client");
		assertThat(response.body()).isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
	}

	@Test
	void aHeaderTheCallerSetIsNotOverwritten() throws Exception {
		assertThat(call("/via/rest-client-own-header", "ignored")).isEqualTo("callers-own");
		assertThat(call("/via/web-client-own-header", "ignored")).isEqualTo("callers-own");
	}

	@Test
	void callsOutsideARequestCarryNoId(@org.springframework.beans.factory.annotation.Autowired RestClient.Builder builder) {
		String seen = builder.build().get().uri(downstream.url())
			.retrieve()
			.body(String.class);
		assertThat(seen).isEqualTo("absent");
	}

	private String call(String path, String id) throws Exception {
		return RequestIdServletIntegrationTests.get(this.port, path, "X-Request-ID", id).body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class CallingController {

			private final RestClient restClient;

			private final RestTemplate restTemplate;

			private final WebClient webClient;

			private final String url;

			CallingController(RestClient.Builder restClient, RestTemplateBuilder restTemplate,
					WebClient.Builder webClient, @Value("${downstream.url}") String url) {
				this.restClient = restClient.build();
				this.restTemplate = restTemplate.build();
				this.webClient = webClient.build();
				this.url = url;
			}

			@GetMapping("/via/rest-client")
			String restClient() {
				return this.restClient.get().uri(this.url).retrieve().body(String.class);
			}

			@GetMapping("/via/rest-template")
			String restTemplate() {
				return this.restTemplate.getForObject(this.url, String.class);
			}

			@GetMapping("/via/web-client")
			String webClient() {
				return this.webClient.get().uri(this.url).retrieve().bodyToMono(String.class).block();
			}

			@GetMapping("/via/rest-client-own-header")
			String restClientOwnHeader() {
				return this.restClient.get().uri(this.url).header("X-Request-ID", "callers-own").retrieve()
					.body(String.class);
			}

			@GetMapping("/via/web-client-own-header")
			String webClientOwnHeader() {
				return this.webClient.get().uri(this.url).header("X-Request-ID", "callers-own").retrieve()
					.bodyToMono(String.class)
					.block();
			}

		}

	}

}

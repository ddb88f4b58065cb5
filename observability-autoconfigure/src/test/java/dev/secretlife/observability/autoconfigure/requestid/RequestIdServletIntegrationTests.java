package dev.secretlife.observability.autoconfigure.requestid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.requestid.RequestIdAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request ID on a real embedded Tomcat: echoed on every kind of response, current in the MDC of every line
 * logged while handling the request (async dispatch included), and configurable.
 */
class RequestIdServletIntegrationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}


	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "spring.main.web-application-type=servlet")
	class WithDefaults {

		@LocalServerPort
		int port;

		private final CapturedLogEvents events = new CapturedLogEvents();

		@BeforeEach
		void captureEvents() {
			this.events.start();
		}

		@AfterEach
		void stopCapturing() {
			this.events.stop();
		}

		@Test
		void echoesAValidIncomingIdAndLogsItInTheMdc() throws Exception {
			HttpResponse<String> response = get(this.port, "/ok", "X-Request-ID", "incoming-42");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Request-ID")).hasValue("incoming-42");
			assertThat(response.body()).isEqualTo("incoming-42 incoming-42");
			assertThat(controllerEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "incoming-42"));
		}

		@Test
		void generatesAnIdWhenNoneArrives() throws Exception {
			HttpResponse<String> response = get(this.port, "/ok");
			String id = response.headers().firstValue("X-Request-ID").orElseThrow();
			assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
			assertThat(response.body()).isEqualTo(id + " " + id);
		}

		@Test
		void echoesTheIdOnA404() throws Exception {
			HttpResponse<String> response = get(this.port, "/does-not-exist", "X-Request-ID", "on-404");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("X-Request-ID")).hasValue("on-404");
		}

		@Test
		void echoesTheIdOnAResponseStatusException() throws Exception {
			HttpResponse<String> response = get(this.port, "/unauthorized", "X-Request-ID", "on-401");
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("X-Request-ID")).hasValue("on-401");
		}

		@Test
		void echoesTheIdWhenTheHandlerThrows() throws Exception {
			HttpResponse<String> response = get(this.port, "/boom", "X-Request-ID", "on-500");
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("X-Request-ID")).hasValue("on-500");
			assertThat(controllerEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "on-500"));
		}

		@Test
		void keepsTheIdAcrossAnAsyncDispatch() throws Exception {
			HttpResponse<String> response = get(this.port, "/async", "X-Request-ID", "async-1");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Request-ID")).hasValue("async-1");
			assertThat(response.body()).isEqualTo("async-1");
			assertThat(controllerEvents()).hasSize(2)
				.allSatisfy((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "async-1"));
			assertThat(controllerEvents().get(1).getThreadName()).isNotEqualTo(controllerEvents().get(0).getThreadName());
		}

		@Test
		void replacesATooLongIdButServesTheRequest() throws Exception {
			HttpResponse<String> response = get(this.port, "/ok", "X-Request-ID", "x".repeat(129));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Request-ID")).get().asString().hasSize(36);
		}

		private List<ILoggingEvent> controllerEvents() {
			return this.events.from(TestApplication.TestController.class);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=servlet", "observability.request-id.header=X-Req",
					"observability.request-id.additional-headers=X-Correlation-ID",
					"observability.request-id.mdc-key=rid" })
	class WithCustomHeaders {

		@LocalServerPort
		int port;

		@Test
		void acceptsAnAdditionalHeaderAndEchoesUnderTheMainOne() throws Exception {
			HttpResponse<String> response = get(this.port, "/ok", "X-Correlation-ID", "corr-7");
			assertThat(response.headers().firstValue("X-Req")).hasValue("corr-7");
			assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
			assertThat(response.body()).isEqualTo("corr-7 corr-7");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=servlet", "observability.request-id.trust-incoming=false",
					"observability.request-id.response-header=false" })
	class AtTheEdge {

		@LocalServerPort
		int port;

		@Test
		void ignoresIncomingIdsAndDoesNotEchoWhenToldNotTo() throws Exception {
			HttpResponse<String> response = get(this.port, "/ok", "X-Request-ID", "from-outside");
			assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
			String[] ids = response.body().split(" ");
			assertThat(ids[0]).isNotEqualTo("from-outside").hasSize(36).isEqualTo(ids[1]);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class TestController {

			private static final org.slf4j.Logger log = LoggerFactory.getLogger(TestController.class);

			private final RequestIdAccessor accessor;

			TestController(RequestIdAccessor accessor) {
				this.accessor = accessor;
			}

			@GetMapping("/ok")
			String ok() {
				log.info("ok");
				return RequestId.current().orElseThrow() + " " + this.accessor.current().orElseThrow();
			}

			@GetMapping("/boom")
			String boom() {
				log.warn("about to fail");
				throw new IllegalStateException("boom");
			}

			@GetMapping("/unauthorized")
			String unauthorized() {
				throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
			}

			@GetMapping("/async")
			Callable<String> async() {
				log.info("before async");
				return () -> {
					log.info("inside async");
					return RequestId.current().orElse("none");
				};
			}

		}

	}

}

package dev.secretlife.observability.autoconfigure.requestid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.secretlife.observability.requestid.RequestId;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many parallel requests with distinct IDs on a Tomcat with only four worker threads: every line logged during a
 * request carries that request's ID and no other, and a worker thread's MDC is empty before each request starts
 * and after it ends, so nothing leaks from one request into the next.
 */
@SpringBootTest(classes = RequestIdConcurrencyTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "server.tomcat.threads.max=4",
				"server.tomcat.threads.min-spare=4" })
class RequestIdConcurrencyTests {

	private static final int REQUESTS = 400;

	private static final int LINES_PER_REQUEST = 3;

	@LocalServerPort
	int port;

	private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

	private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
		@Override
		protected void append(ILoggingEvent event) {
			event.prepareForDeferredProcessing();
			RequestIdConcurrencyTests.this.events.add(event);
		}
	};

	@BeforeEach
	void captureEvents() {
		this.appender.start();
		CapturedLogEvents.rootLogger().addAppender(this.appender);
		TestApplication.mdcSeenOutsideRequests.clear();
	}

	@AfterEach
	void stopCapturing() {
		CapturedLogEvents.rootLogger().detachAppender(this.appender);
	}

	@Test
	void everyLineCarriesItsOwnRequestsIdAndWorkerThreadsEndClean() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		ExecutorService callers = Executors.newFixedThreadPool(32);
		try {
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				String id = "req-" + i;
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/work?expect=" + id))
					.header("X-Request-ID", id)
					.build();
				responses.add(CompletableFuture.supplyAsync(() -> client.sendAsync(request,
						HttpResponse.BodyHandlers.ofString()), callers).thenCompose((future) -> future));
			}
			for (int i = 0; i < REQUESTS; i++) {
				HttpResponse<String> response = responses.get(i).get();
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-" + i);
				assertThat(response.body()).isEqualTo("req-" + i);
			}
		}
		finally {
			callers.shutdownNow();
		}

		List<ILoggingEvent> workLines = this.events.stream()
			.filter((event) -> event.getLoggerName().equals(TestApplication.WorkController.class.getName()))
			.toList();
		assertThat(workLines).hasSize(REQUESTS * LINES_PER_REQUEST);
		assertThat(workLines).allSatisfy((event) -> assertThat(event.getMDCPropertyMap())
			.containsEntry("requestId", String.valueOf(event.getArgumentArray()[0])));
		assertThat(workLines.stream().map((event) -> event.getThreadName()).distinct()).hasSizeLessThanOrEqualTo(4);
		assertThat(TestApplication.mdcSeenOutsideRequests).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		static final Queue<String> mdcSeenOutsideRequests = new ConcurrentLinkedQueue<>();

		/**
		 * Tomcat calls a request listener before the first filter runs and after the last one has returned: the
		 * worker thread's state there is what the next request inherits.
		 */
		@Bean
		ServletListenerRegistrationBean<ServletRequestListener> mdcLeakDetector() {
			return new ServletListenerRegistrationBean<>(new ServletRequestListener() {
				@Override
				public void requestInitialized(ServletRequestEvent event) {
					check("before request");
				}

				@Override
				public void requestDestroyed(ServletRequestEvent event) {
					check("after request");
				}

				private void check(String when) {
					if (MDC.get("requestId") != null || RequestId.get() != null) {
						mdcSeenOutsideRequests.add(when + " on " + Thread.currentThread().getName() + ": "
								+ MDC.get("requestId"));
					}
				}
			});
		}

		@RestController
		static class WorkController {

			private static final org.slf4j.Logger log = LoggerFactory.getLogger(WorkController.class);

			@GetMapping("/work")
			String work(@RequestParam String expect) throws InterruptedException {
				log.info("start {}", expect);
				Thread.sleep(1);
				log.info("middle {}", expect);
				Thread.yield();
				log.info("end {}", expect);
				return RequestId.current().orElse("none");
			}

		}

	}

}

package dev.secretlife.observability.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.secretlife.observability.errors.FailureReporter;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.annotation.Observed;
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
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One real servlet application with the starter: thread hops, excluded paths, exemplars, annotations, and
 * exceptions logged while handling a request.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServletTracingTests {

	private static ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		context = TwoServicesTracingTests.start(Application.class, "servlet", "spring.task.execution.pool.core-size=1",
				"spring.task.scheduling.pool.size=1");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void clearSpans() {
		context.getBean(InMemorySpanExporter.class).reset();
	}

	@Test
	void asyncExecutorSchedulerAndCompletableFutureTasksLogTheCallersTraceAndRequestId(CapturedOutput output)
			throws Exception {
		HttpResponse<String> response = get("/tasks", Map.of());

		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		for (String message : List.of("in @Async method", "in executor task", "in CompletableFuture",
				"in scheduled task")) {
			assertThat(JsonLogLines.withMessage(output.getOut(), message, requestId)).as(message)
				.singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId)
					.containsEntry("requestId", requestId)
					.containsEntry("callerField", "kept"));
		}
	}

	@Test
	void aFailingAsyncVoidMethodIsLoggedOnceWithTheCallersIdsOnTheTaskExecutor(CapturedOutput output)
			throws Exception {
		HttpResponse<String> response = get("/async-fail", Map.of());

		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(JsonLogLines.parse(output.getOut()))
				.filteredOn((line) -> "async".equals(line.get("kind")))
				.singleElement()
				.satisfies((line) -> assertThat(line).containsEntry("logger_name", FailureReporter.LOGGER_NAME)
					.containsEntry("level", "ERROR")
					.containsEntry("traceId", traceId)
					.containsEntry("requestId", requestId)
					.containsEntry("task", "AsyncWorker.fail")
					.containsEntry("exception", "java.lang.IllegalArgumentException")
					.hasEntrySatisfying("thread_name", (thread) -> assertThat(thread).asString().startsWith("task-"))));
		assertThat(JsonLogLines.parse(output.getOut()))
			.filteredOn((line) -> String.valueOf(line.get("stack_trace")).contains("async failure"))
			.as("lines with the stack trace")
			.hasSize(1);
	}

	@Test
	void workerThreadsMdcIsCleanAfterTheTask() throws Exception {
		get("/tasks", Map.of());

		ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
		ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
		// Submitted to the pools directly, past the decorator: they see the worker threads as the tasks left them.
		assertThat(executor.getThreadPoolExecutor().submit(MDC::getCopyOfContextMap).get(5, TimeUnit.SECONDS))
			.isNullOrEmpty();
		assertThat(scheduler.getScheduledExecutor().submit(MDC::getCopyOfContextMap).get(5, TimeUnit.SECONDS))
			.isNullOrEmpty();
	}

	@Test
	void actuatorEndpointsAreNotTraced() throws Exception {
		HttpResponse<String> response = get("/actuator/health", Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
		assertThat(response.headers().firstValue("X-Trace-Id")).isEmpty();
		get("/tasks", Map.of());
		assertThat(spans(1)).noneSatisfy((span) -> assertThat(span.getAttributes().asMap().toString())
			.contains("/actuator"));
	}

	@Test
	void openMetricsScrapeShowsAnExemplarWithTheTraceIdOnTheLatencyHistogram() throws Exception {
		// A path of its own: a bucket keeps an exemplar for a while, so another test's request could own it.
		String traceId = get("/exemplar", Map.of()).headers().firstValue("X-Trace-Id").orElseThrow();

		String scrape = get("/actuator/prometheus",
				Map.of("Accept", "application/openmetrics-text;version=1.0.0;charset=utf-8"))
			.body();

		assertThat(scrape.lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_bucket") && line.contains("uri=\"/exemplar\"")))
			.anySatisfy((line) -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
	}

	@Test
	void observedAndTimedMethodsAreObservedInsideTheRequestsTrace() throws Exception {
		String traceId = get("/observed", Map.of()).headers().firstValue("X-Trace-Id").orElseThrow();

		assertThat(spans(2)).anySatisfy((span) -> {
			// The span is named after the method (the observation's contextual name); the observation is "greeting".
			assertThat(span.getName()).isEqualTo("Greeter#greet");
			assertThat(span.getTraceId()).isEqualTo(traceId);
		});
		assertThat(context.getBean(MeterRegistry.class).find("greeting.timer").timer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isPositive());
	}

	@Test
	void exceptionsThatSpringLogsWhileHandlingTheRequestCarryItsTraceId(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/needs-param", Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(JsonLogLines.parse(output.getOut()))
			.filteredOn((line) -> String.valueOf(line.get("message")).contains("MissingServletRequestParameterException"))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId));
	}

	@Test
	void anUnhandledExceptionIsLoggedWithTheTraceAndRecordedOnTheServerSpan(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/boom", Map.of());

		assertThat(response.statusCode()).isEqualTo(500);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("00-" + traceId + "-"));
		assertThat(spans(1)).anySatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(traceId);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
			assertThat(span.getAttributes().asMap().toString()).contains("IllegalStateException");
		});
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(JsonLogLines.parse(output.getOut()))
			.filteredOn((line) -> FailureReporter.LOGGER_NAME.equals(line.get("logger_name")))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsEntry("traceId", traceId)
				.containsEntry("requestId", requestId)
				.containsEntry("level", "ERROR")
				.containsEntry("message", "Unhandled java.lang.IllegalStateException in GET /boom"));
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + TwoServicesTracingTests.port(context) + path));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<SpanData> spans(int atLeast) {
		InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(exporter.getFinishedSpanItems()).hasSizeGreaterThanOrEqualTo(atLeast);
		});
		return exporter.getFinishedSpanItems();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class Application {

		@Bean
		InMemorySpanExporter spanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		AsyncWorker asyncWorker() {
			return new AsyncWorker();
		}

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

		@Bean
		TasksController tasksController(AsyncWorker worker, ThreadPoolTaskExecutor executor,
				ThreadPoolTaskScheduler scheduler, Greeter greeter) {
			return new TasksController(worker, executor, scheduler, greeter);
		}

	}

	static class AsyncWorker {

		private static final Log logger = LogFactory.getLog(AsyncWorker.class);

		@Async
		public CompletableFuture<Void> work() {
			logger.info("in @Async method");
			return CompletableFuture.completedFuture(null);
		}

		@Async
		public void fail() {
			throw new IllegalArgumentException("async failure");
		}

	}

	static class Greeter {

		@Observed(name = "greeting")
		@Timed("greeting.timer")
		public String greet() {
			return "hello";
		}

	}

	@RestController
	static class TasksController {

		private static final Log logger = LogFactory.getLog(TasksController.class);

		private final AsyncWorker worker;

		private final ThreadPoolTaskExecutor executor;

		private final ThreadPoolTaskScheduler scheduler;

		private final Greeter greeter;

		TasksController(AsyncWorker worker, ThreadPoolTaskExecutor executor, ThreadPoolTaskScheduler scheduler,
				Greeter greeter) {
			this.worker = worker;
			this.executor = executor;
			this.scheduler = scheduler;
			this.greeter = greeter;
		}

		@GetMapping("/tasks")
		String tasks() throws Exception {
			MDC.put("callerField", "kept");
			try {
				this.worker.work().get(5, TimeUnit.SECONDS);
				this.executor.submit(() -> logger.info("in executor task")).get(5, TimeUnit.SECONDS);
				CompletableFuture.runAsync(() -> logger.info("in CompletableFuture"), this.executor)
					.get(5, TimeUnit.SECONDS);
				this.scheduler.schedule(() -> logger.info("in scheduled task"), Instant.now())
					.get(5, TimeUnit.SECONDS);
			}
			finally {
				MDC.remove("callerField");
			}
			return "done";
		}

		@GetMapping("/observed")
		String observed() {
			return this.greeter.greet();
		}

		@GetMapping("/exemplar")
		String exemplar() {
			return "measured";
		}

		@GetMapping("/async-fail")
		String asyncFail() {
			this.worker.fail();
			return "submitted";
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/needs-param")
		String needsParam(@RequestParam String required) {
			return required;
		}

	}

}

package dev.secretlife.observability.tracing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Reactor Netty server with two event-loop threads.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxTracingTests {

	@Test
	void logLinesInsideOperatorsCarryTheTraceIdOfTheirOwnRequest(CapturedOutput output) {
		List<String> traceIds = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class).run(
				"--spring.main.web-application-type=reactive", "--server.port=0",
				"--logging.structured.format.console=logstash", "--management.tracing.export.otlp.enabled=false",
				"--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.enabled=false")) {
			RestClient client = RestClient.create("http://localhost:" + TwoServicesTracingTests.port(context));
			for (int i = 0; i < 100; i++) {
				ResponseEntity<String> response = client.get().uri("/reactive").retrieve().toEntity(String.class);
				assertThat(response.getHeaders().getFirst("traceresponse")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
				traceIds.add(response.getHeaders().getFirst("X-Trace-Id"));
			}
			ResponseEntity<String> health = client.get().uri("/actuator/health").retrieve().toEntity(String.class);
			assertThat(health.getHeaders().containsHeader("traceresponse")).as("actuator is not traced").isFalse();
		}

		assertThat(new HashSet<>(traceIds)).hasSize(100);
		List<Map<String, Object>> onEventLoop = JsonLogLines.withMessage(output.getOut(), "on the event loop");
		List<Map<String, Object>> inOperator = JsonLogLines.withMessage(output.getOut(),
				"inside an operator on another thread");
		assertThat(onEventLoop).extracting((line) -> line.get("traceId")).containsExactlyElementsOf(traceIds);
		assertThat(inOperator).extracting((line) -> line.get("traceId")).containsExactlyElementsOf(traceIds);
		assertThat(inOperator).allSatisfy((line) -> assertThat(line).containsKey("requestId")
			.extractingByKey("thread_name")
			.asString()
			.startsWith("parallel"));
		Set<Object> eventLoopThreads = new HashSet<>();
		onEventLoop.forEach((line) -> eventLoopThreads.add(line.get("thread_name")));
		assertThat(eventLoopThreads).hasSizeLessThanOrEqualTo(2)
			.allSatisfy((thread) -> assertThat(thread).asString().startsWith("two-loops"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			factory.setLoopResources(LoopResources.create("two-loops", 2, true));
			return factory;
		}

		@Bean
		ReactiveController reactiveController() {
			return new ReactiveController();
		}

	}

	@RestController
	static class ReactiveController {

		private static final Log logger = LogFactory.getLog(ReactiveController.class);

		@GetMapping("/reactive")
		Mono<String> reactive() {
			logger.info("on the event loop");
			return Mono.just("value").publishOn(Schedulers.parallel()).map((value) -> {
				logger.info("inside an operator on another thread");
				return value;
			});
		}

	}

}

package dev.secretlife.observability.testapp.reactive;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A reactive application for the logging tests, started in a child JVM.
 */
@SpringBootApplication
public class ReactiveTestApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveTestApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.run(args);
	}

	@RestController
	static class TestController {

		private static final Logger log = LoggerFactory.getLogger(TestController.class);

		@GetMapping("/items/{id}")
		Mono<String> item(@PathVariable String id) {
			return Mono.just("item " + id);
		}

		@GetMapping("/gone")
		Mono<String> gone() {
			return Mono.error(new ResponseStatusException(HttpStatus.GONE));
		}

		@GetMapping("/orders/{id}/fail")
		Mono<String> orderFails(@PathVariable String id) {
			log.debug("loading order {}", id);
			return Mono.delay(Duration.ofMillis(20)).map((tick) -> {
				log.debug("order {} loaded on a timer thread", id);
				throw new IllegalStateException("order " + id + " failed");
			});
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("boom"));
		}

	}

}

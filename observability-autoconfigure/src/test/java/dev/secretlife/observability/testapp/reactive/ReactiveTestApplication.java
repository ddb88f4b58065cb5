package dev.secretlife.observability.testapp.reactive;

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

		@GetMapping("/items/{id}")
		Mono<String> item(@PathVariable String id) {
			return Mono.just("item " + id);
		}

		@GetMapping("/gone")
		Mono<String> gone() {
			return Mono.error(new ResponseStatusException(HttpStatus.GONE));
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("boom"));
		}

	}

}

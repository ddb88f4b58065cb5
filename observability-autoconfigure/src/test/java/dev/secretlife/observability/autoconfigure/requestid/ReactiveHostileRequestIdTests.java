package dev.secretlife.observability.autoconfigure.requestid;

import dev.secretlife.observability.requestid.RequestId;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hostile-ID table against a real Reactor Netty server: the same answers as on Tomcat, because both stacks read
 * the header through the same rule (every header line one value, never split at commas nor unquoted).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=reactive")
class ReactiveHostileRequestIdTests extends AbstractHostileRequestIdTests {

	@Override
	Class<?> controller() {
		return TestApplication.IdController.class;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class IdController {

			private static final org.slf4j.Logger log = LoggerFactory.getLogger(IdController.class);

			@GetMapping("/id")
			Mono<String> id() {
				return Mono.fromSupplier(() -> {
					log.info("handling request");
					return RequestId.current().orElseThrow();
				});
			}

		}

	}

}

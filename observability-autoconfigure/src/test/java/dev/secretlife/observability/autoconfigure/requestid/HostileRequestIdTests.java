package dev.secretlife.observability.autoconfigure.requestid;

import dev.secretlife.observability.requestid.RequestId;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hostile-ID table against a real embedded Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=servlet")
class HostileRequestIdTests extends AbstractHostileRequestIdTests {

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
			String id() {
				log.info("handling request");
				return RequestId.current().orElseThrow();
			}

		}

	}

}

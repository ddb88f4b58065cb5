package dev.secretlife.observability.sample;

import dev.secretlife.observability.requestid.RequestId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HelloController {

	private static final Logger log = LoggerFactory.getLogger(HelloController.class);

	@GetMapping("/hello")
	String hello(@RequestParam(defaultValue = "world") String name) {
		log.info("Saying hello");
		return "Hello, " + name + " (request " + RequestId.current().orElse("none") + ")\n";
	}

}

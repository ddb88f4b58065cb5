package dev.secretlife.observability.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An endpoint with no database access: what the starter costs a request that does nothing else.
 */
@RestController
class HelloController {

	private static final Logger log = LoggerFactory.getLogger(HelloController.class);

	@GetMapping("/hello")
	String hello(@RequestParam(defaultValue = "world") String name) {
		log.atDebug().addKeyValue("name", name).log("Saying hello");
		return "Hello, " + name + "\n";
	}

}

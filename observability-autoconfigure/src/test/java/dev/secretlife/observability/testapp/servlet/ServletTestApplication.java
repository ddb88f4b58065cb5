package dev.secretlife.observability.testapp.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.secretlife.observability.testapp.HostileCorpus;
import dev.secretlife.observability.unit.UnitOfWork;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * A servlet application for the logging tests, started in a child JVM.
 */
@SpringBootApplication
public class ServletTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(ServletTestApplication.class, args);
	}

	/** Strings that must never appear in the output. */
	public static final String[] SECRETS = { "s3cret-arg", "s3cret-kv", "s3cret-sa", "s3cret-mdc", "s3cret-ex",
			"eyJs3cretBearer", "s3cret-nested", "s3cret-cookie", "s3cret-custom" };

	@RestController
	static class TestController {

		private static final Logger log = LoggerFactory.getLogger(TestController.class);

		@GetMapping("/hello")
		String hello(HttpServletRequest request) {
			log.atInfo().addKeyValue("attempt", 10).setMessage("saying hello").log();
			log.info("greeting {}", kv("user", "alice"));
			UnitOfWork unit = UnitOfWork.current();
			if (unit != null) {
				unit.put("cacheHits", 2);
			}
			return "hello";
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return "order " + id;
		}

		@GetMapping("/fail")
		ResponseEntity<String> fail() {
			return ResponseEntity.internalServerError().body("failed");
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/async")
		Callable<String> async() {
			return () -> {
				log.info("async work");
				return "done";
			};
		}

		@GetMapping("/secrets")
		String secrets() {
			log.info("login with password={}", "s3cret-arg");
			log.atInfo().addKeyValue("api_key", "s3cret-kv").setMessage("calling the partner").log();
			log.info("issued {}", kv("token", "s3cret-sa"));
			MDC.put("Authorization", "s3cret-mdc");
			try {
				log.info("with an authorization in the MDC");
			}
			finally {
				MDC.remove("Authorization");
			}
			log.error("refresh failed", new IllegalStateException("invalid refresh_token=s3cret-ex"));
			log.info("calling with header Authorization: Bearer eyJs3cretBearer.abc-def");
			log.info("profile {}", kv("user", Map.of("name", "alice", "password", "s3cret-nested")));
			log.atInfo().addKeyValue("Set-Cookie", "SESSION=s3cret-cookie").setMessage("cookie").log();
			log.info("customer iban DE00s3cret-custom");
			return "ok";
		}

		@GetMapping("/corpus")
		String corpus() {
			List<String> texts = new ArrayList<>(HostileCorpus.SECRET_TEXTS);
			texts.addAll(HostileCorpus.ODD_TEXTS);
			for (String text : texts) {
				log.info("{}", text);
				log.atInfo().addKeyValue("detail", text).setMessage("key-value").log();
				MDC.put("detail", text);
				try {
					log.info("mdc");
				}
				finally {
					MDC.remove("detail");
				}
				log.warn("failed", new IllegalStateException(text));
			}
			log.atInfo().addKeyValue("password", "S3CR3T-kv-key").addKeyValue("Cookie", "a=S3CR3T-kv-cookie")
				.setMessage("secret keys").log();
			return String.valueOf(texts.size());
		}

		@GetMapping("/reset-password/{token}")
		String resetPassword(@PathVariable String token) {
			return "reset";
		}

		@GetMapping("/reset-password/{token}/fail")
		String resetPasswordFails(@PathVariable String token) {
			throw new IllegalStateException("reset failed");
		}

		@GetMapping("/cart")
		String cart() {
			return "cart";
		}

		@GetMapping("/hostile")
		String hostile() {
			String[] messages = { "line one\nline two\r\nline three", "quotes \" and 'single' and \\ backslash",
					"unicode: é ß 漢字 😀 \u2028 \u2029", "nul \u0000 and bell \u0007 and escape \u001b[31m",
					"lone surrogate \ud800 end", "{\"json\": \"inside\"}", "x".repeat(1024 * 1024) };
			for (int i = 0; i < messages.length; i++) {
				log.atInfo().addKeyValue("hostileCase", i).setMessage(messages[i]).log();
			}
			MDC.put("message", "mdc message");
			MDC.put("level", "mdc level");
			try {
				log.atInfo()
					.addKeyValue("hostileCase", messages.length)
					.addKeyValue("@timestamp", "kv timestamp")
					.addKeyValue("logger", "kv logger")
					.addKeyValue("key\nwith\"newline", "value\r\n")
					.setMessage("colliding keys")
					.log();
			}
			finally {
				MDC.remove("message");
				MDC.remove("level");
			}
			return String.valueOf(messages.length + 1);
		}

	}

}

package dev.secretlife.observability.testapp.logbuffer;

import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose code logs at {@code DEBUG} (not written at the default {@code INFO}), for the log buffer tests,
 * started in a child JVM: requests that succeed, fail, are slow or log an error line, a {@code @Scheduled} run that
 * fails, and a line logged outside any unit of work.
 */
@SpringBootApplication
@EnableScheduling
public class LogBufferTestApplication {

	/** A secret that a held debug line carries; it must never reach the output unmasked. */
	public static final String SECRET = "s3cret-held";

	private static final Logger log = LoggerFactory.getLogger(LogBufferTestApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(LogBufferTestApplication.class, args);
	}

	@Bean
	ApplicationRunner logOutsideAnyUnit() {
		return (args) -> log.debug("outside any unit");
	}

	@RestController
	static class OrderController {

		private static final Logger log = LoggerFactory.getLogger(OrderController.class);

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			log.debug("loading order {}", id);
			if (log.isDebugEnabled()) {
				log.debug("guarded detail of order {}", id);
			}
			log.atDebug().addKeyValue("orderId", id).log("fluent detail");
			log.info("order {} loaded", id);
			return "order " + id;
		}

		@GetMapping("/orders/{id}/fail")
		String fail(@PathVariable String id) {
			log.debug("loading order {}", id);
			log.debug("calling the partner with password={}", SECRET);
			log.atDebug().addKeyValue("orderId", id).log("fluent detail");
			throw new IllegalStateException("order " + id + " failed");
		}

		@GetMapping("/orders/{id}/async-fail")
		Callable<String> asyncFail(@PathVariable String id) {
			log.debug("handing order {} to a worker", id);
			return () -> {
				log.debug("worker step of order {}", id);
				throw new IllegalStateException("order " + id + " failed on a worker");
			};
		}

		@GetMapping("/orders/{id}/slow")
		String slow(@PathVariable String id) throws InterruptedException {
			log.debug("slow step of order {}", id);
			Thread.sleep(1500);
			return "slow " + id;
		}

		@GetMapping("/orders/{id}/error-line")
		String errorLine(@PathVariable String id) {
			log.debug("before the error line");
			log.error("partner refused order {}", id);
			log.debug("after the error line");
			return "handled " + id;
		}

	}

	@Component
	static class Reconciliation {

		private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

		@Scheduled(fixedDelay = 60_000, initialDelay = 500)
		void reconcile() {
			log.debug("reconcile step");
			throw new IllegalStateException("ledger out of balance");
		}

	}

}

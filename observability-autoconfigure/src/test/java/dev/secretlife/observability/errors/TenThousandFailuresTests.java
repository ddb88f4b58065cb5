package dev.secretlife.observability.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.secretlife.observability.autoconfigure.errors.ErrorsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: 10,000 failures of 3 kinds, each with a message of its own, make 3 fingerprints with exact counts, in
 * the {@code errors} endpoint and in the metrics, as the auto-configuration wires them.
 */
class TenThousandFailuresTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class))
		.withUserConfiguration(Registry.class)
		.withPropertyValues("management.endpoints.web.exposure.include=errors");

	@Test
	void tenThousandFailuresOfThreeKindsAreThreeFingerprintsWithExactCounts() {
		this.contextRunner.run((context) -> {
			FailureReporter reporter = context.getBean(FailureReporter.class);
			Logger errorLogger = FailureReporterTests.errorLogger();
			Level level = errorLogger.getLevel();
			// 10,000 stack traces on the console would only slow the build down; the line is tested elsewhere.
			errorLogger.setLevel(Level.OFF);
			try {
				for (int i = 0; i < 10_000; i++) {
					switch (i % 4) {
						case 0, 1 -> reporter.report(Failures.inOrders("order " + i + " password=p" + i),
								FailureKind.HTTP, "/orders/{id}", "GET");
						case 2 -> reporter.report(Failures.inBilling("invoice " + i), FailureKind.TASK,
								"Billing.run", null);
						default -> reporter.report(Failures.inMailer(i), FailureKind.ASYNC, "Mailer.send", null);
					}
				}
			}
			finally {
				errorLogger.setLevel(level);
			}
			ErrorsEndpoint.FailuresDescriptor errors = context.getBean(ErrorsEndpoint.class).failures();
			assertThat(errors.fingerprints()).isEqualTo(3);
			assertThat(errors.failures()).extracting(FailureTable.Entry::exception, FailureTable.Entry::kind,
					FailureTable.Entry::count)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("java.lang.IllegalStateException",
						"http", 5_000L), org.assertj.core.groups.Tuple.tuple("java.lang.IllegalArgumentException",
								"task", 2_500L),
						org.assertj.core.groups.Tuple.tuple("java.lang.UnsupportedOperationException", "async",
								2_500L));
			assertThat(errors.failures()).allSatisfy(
					(entry) -> assertThat(String.valueOf(entry.message())).doesNotContain("password=p"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(FailureMetrics.FAILURES)
				.tags("exception", "IllegalStateException", "kind", "http")
				.counter()
				.count()).isEqualTo(5_000);
			assertThat(registry.get(FailureMetrics.FAILURES)
				.tags("exception", "IllegalArgumentException", "kind", "task")
				.counter()
				.count()).isEqualTo(2_500);
			assertThat(registry.get(FailureMetrics.FAILURES)
				.tags("exception", "UnsupportedOperationException", "kind", "async")
				.counter()
				.count()).isEqualTo(2_500);
			assertThat(registry.get(FailureMetrics.FAILURES).counters()).hasSize(6);
			assertThat(registry.get(FailureMetrics.FINGERPRINTS).gauge().value()).isEqualTo(3);
		});
	}

	/** Three places that fail, each from its own application frames. */
	static final class Failures {

		static IllegalStateException inOrders(String message) {
			return new IllegalStateException(message);
		}

		static IllegalArgumentException inBilling(String message) {
			return new IllegalArgumentException(message);
		}

		static UnsupportedOperationException inMailer(int i) {
			return new UnsupportedOperationException((i % 2 == 0) ? null : "mail " + i);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

package dev.secretlife.observability.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secretlife.observability.requestid.RequestId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSummaryWebFilterTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(RequestSummaryLogger.LOGGER_NAME);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private final RequestSummaryWebFilter filter = new RequestSummaryWebFilter(
			new RequestSummaryLogger(List.of("/actuator/**"), 1.0, 256, Level.INFO, Level.WARN, Level.ERROR),
			"requestId");

	@BeforeEach
	void capture() {
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.events);
	}

	@Test
	void cancelledRequestIsLoggedOnceAsClientClosedRequest() {
		MockServerWebExchange exchange = exchange("/slow");
		Disposable subscription = this.filter.filter(exchange, (ignored) -> Mono.never()).subscribe();
		subscription.dispose();
		assertThat(this.events.list).hasSize(1);
		assertThat(fields(this.events.list.get(0))).containsEntry("status", 499).containsEntry("route", "UNKNOWN");
	}

	@Test
	void errorWithAStatusIsLoggedWithThatStatusAndTheRequestIdInTheMdc() {
		MockServerWebExchange exchange = exchange("/gone");
		exchange.getAttributes().put(RequestId.ATTRIBUTE, "rid-1");
		WebFilterChain chain = (ignored) -> Mono.error(new ResponseStatusException(HttpStatus.GONE));
		this.filter.filter(exchange, chain).onErrorComplete().block();
		ILoggingEvent event = this.events.list.get(0);
		assertThat(fields(event)).containsEntry("status", 410).containsEntry("outcome", "CLIENT_ERROR");
		assertThat(event.getLevel().toString()).isEqualTo("WARN");
		assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "rid-1");
	}

	@Test
	void excludedPathIsNotLoggedAndOtherFeaturesCanAddFields() {
		this.filter.filter(exchange("/actuator/health"), (ignored) -> Mono.empty()).block();
		assertThat(this.events.list).isEmpty();
		MockServerWebExchange exchange = exchange("/orders");
		this.filter.filter(exchange, (current) -> {
			RequestSummary summary = current.getAttribute(RequestSummary.ATTRIBUTE);
			summary.put("dbQueries", 4);
			return Mono.empty();
		}).block();
		assertThat(fields(this.events.list.get(0))).containsEntry("dbQueries", 4).containsEntry("status", 200);
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path));
	}

	private static Map<String, Object> fields(ILoggingEvent event) {
		return event.getKeyValuePairs()
			.stream()
			.collect(Collectors.toMap((pair) -> pair.key, (pair) -> pair.value, (a, b) -> b));
	}

}

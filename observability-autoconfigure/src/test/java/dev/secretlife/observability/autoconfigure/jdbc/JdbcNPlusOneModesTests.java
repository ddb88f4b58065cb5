package dev.secretlife.observability.autoconfigure.jdbc;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.secretlife.observability.jdbc.JdbcQueryListener;
import dev.secretlife.observability.jdbc.NPlusOneDetector;
import dev.secretlife.observability.jdbc.NPlusOneQueryException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The N+1 switches and the parameter opt-in, each on its own real server over H2.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcNPlusOneModesTests {

	@Test
	void failModeThrowsAtTheEndOfTheRequestAndTheClientGetsAnError(CapturedOutput output) {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("fail"),
				"observability.jdbc.n-plus-one.mode=fail")) {
			String requestId = "fail-" + UUID.randomUUID();
			HttpResponse<String> response = server.post("/authors/1/lookups?times=5", requestId, "title");
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(output.getAll()).contains(NPlusOneQueryException.class.getName())
				.contains("N+1 queries suspected: the same statement ran 5 times in POST /authors/{id}/lookups");
			assertThat(LibraryServer.warnings(output, NPlusOneDetector.class, requestId)).isEmpty();
			assertThat(server.bean(MeterRegistry.class)
				.get("jdbc.repeated.queries")
				.tag("uri", "/authors/{id}/lookups")
				.counter()
				.count()).isEqualTo(1);
			assertThat(server.post("/authors/1/lookups?times=4", "below-" + UUID.randomUUID(), "title").statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void allowListSilencesAStatement(CapturedOutput output) {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("allowed"),
				"observability.jdbc.n-plus-one.allowed-statements[0]=SELECT COUNT(*)   FROM book where title = 'x'")) {
			String allowed = "allowed-" + UUID.randomUUID();
			assertThat(server.post("/authors/1/lookups?times=8", allowed, "title").statusCode()).isEqualTo(200);
			assertThat(LibraryServer.warnings(output, NPlusOneDetector.class, allowed)).isEmpty();
			String other = "other-" + UUID.randomUUID();
			assertThat(server.get("/authors/books", other).statusCode()).isEqualTo(200);
			assertThat(LibraryServer.warnings(output, NPlusOneDetector.class, other)).hasSize(1);
			assertThat(server.bean(MeterRegistry.class).find("jdbc.repeated.queries")
				.tag("uri", "/authors/{id}/lookups")
				.counter()).isNull();
		}
	}

	@Test
	void offSwitchStopsTheCheckButNotTheCounting(CapturedOutput output) {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("off"),
				"observability.jdbc.n-plus-one.enabled=false")) {
			String requestId = "off-" + UUID.randomUUID();
			assertThat(server.get("/authors/books", requestId).statusCode()).isEqualTo(200);
			assertThat(LibraryServer.warnings(output, NPlusOneDetector.class, requestId)).isEmpty();
			assertThat(server.context().getBeansOfType(NPlusOneDetector.class)).isEmpty();
			assertThat(server.bean(MeterRegistry.class)
				.get("jdbc.request.queries")
				.tag("uri", "/authors/books")
				.summary()
				.max()).isEqualTo(11);
		}
	}

	@Test
	void logParametersOptInShowsTheValues(CapturedOutput output) {
		String secret = "visible-" + UUID.randomUUID();
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("parameters"),
				"observability.jdbc.log-parameters=true")) {
			String requestId = "parameters-" + UUID.randomUUID();
			assertThat(server.post("/slow", requestId, secret).statusCode()).isEqualTo(200);
			assertThat(LibraryServer.warnings(output, JdbcQueryListener.class, requestId)).singleElement()
				.satisfies((warning) -> assertThat(warning.path("message").asString())
					.contains("parameters=[(" + secret + ")]"));
		}
	}

	@Test
	void unknownRoutesAreTaggedWithTheStaticResourcePatternNeverTheRawPath() {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("routes"))) {
			String path = "/no-such-route-" + UUID.randomUUID();
			assertThat(server.get(path, "route-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
			MeterRegistry registry = server.bean(MeterRegistry.class);
			assertThat(registry.find("jdbc.request.queries").summaries())
				.allSatisfy((summary) -> assertThat(summary.getId().getTag("uri")).doesNotContain("no-such-route"));
			// Spring MVC's static resource handler took the path: its pattern, as in http.server.requests.
			assertThat(registry.find("jdbc.request.queries").tag("uri", "/**").summaries()).isNotEmpty();
		}
	}

}

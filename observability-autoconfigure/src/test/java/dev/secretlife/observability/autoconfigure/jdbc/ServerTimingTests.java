package dev.secretlife.observability.autoconfigure.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import dev.secretlife.observability.autoconfigure.jdbc.testapp.LibraryData;
import dev.secretlife.observability.autoconfigure.web.ServerTimingAutoConfiguration;
import dev.secretlife.observability.testapp.reactive.ReactiveTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Server-Timing} header on a real Tomcat (the library application, with JPA on H2) and a real Netty: the
 * request's total time and its statements, on in the dev profiles, never on the actuator's paths.
 */
class ServerTimingTests {

	private static final String NUMBER = "\\d+\\.\\d{3}";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServerTimingAutoConfiguration.class));

	@Test
	void servletResponseCarriesTotalAndDatabaseTimeWithTheStatementCountInTheDevProfile() {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("server-timing"),
				"spring.profiles.active=dev")) {
			HttpResponse<String> response = server.get("/authors/books", "timing-1");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().allValues("Server-Timing")).singleElement()
				.asString()
				.matches("total;dur=" + NUMBER + ", db;dur=" + NUMBER + ";desc=\"" + (1 + LibraryData.AUTHORS)
						+ " statements\"");
			assertThat(server.get("/actuator/prometheus", "timing-2").headers().firstValue("Server-Timing"))
				.isEmpty();
			assertThat(server.get("/actuator", "timing-3").headers().firstValue("Server-Timing")).isEmpty();
		}
	}

	@Test
	void servletResponseHasNoHeaderOutsideTheDevProfiles() {
		try (LibraryServer server = LibraryServer.start(H2JdbcRequestTests.h2Properties("server-timing-off"))) {
			HttpResponse<String> response = server.get("/authors/books", "timing-off");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Server-Timing")).isEmpty();
		}
	}

	@Test
	void propertyWinsOverTheProfiles() {
		this.contextRunner.withPropertyValues("spring.profiles.active=dev", "observability.server-timing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("serverTimingFilter"));
		this.contextRunner.withPropertyValues("observability.server-timing.enabled=true")
			.run((context) -> assertThat(context).hasBean("serverTimingFilter"));
		this.contextRunner.withPropertyValues("spring.profiles.active=local")
			.run((context) -> assertThat(context).hasBean("serverTimingFilter"));
		this.contextRunner
			.withPropertyValues("spring.profiles.active=local", "observability.logging.dev-profiles=laptop")
			.run((context) -> assertThat(context).doesNotHaveBean("serverTimingFilter"));
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("serverTimingFilter"));
	}

	@Test
	void reactiveResponseCarriesTheHeaderOnNettyButNotOnActuatorPaths() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--observability.server-timing.enabled=true",
					"--management.tracing.export.enabled=false")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(header(port, "/items/7")).hasValueSatisfying(
					(value) -> assertThat(value).matches("total;dur=" + NUMBER + "(, db;dur=" + NUMBER + ";desc=\"0 statements\")?"));
			assertThat(header(port, "/actuator/health")).isEmpty();
		}
	}

	private static Optional<String> header(int port, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("Server-Timing");
	}

}

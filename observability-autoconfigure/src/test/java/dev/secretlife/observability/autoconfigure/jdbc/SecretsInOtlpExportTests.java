package dev.secretlife.observability.autoconfigure.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import dev.secretlife.observability.autoconfigure.jdbc.testapp.LibraryApplication;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acceptance: secret-bearing statements and the database errors they cause go through a real OTLP/HTTP export to a
 * local sink, and through the slow-query and N+1 log lines (every statement slow, two of a shape an N+1); neither
 * the bytes that leave the process nor the console hold any of the secrets.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInOtlpExportTests {

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private HttpServer sink;

	@BeforeEach
	void startSink() throws IOException {
		this.sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.sink.createContext("/v1/traces", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
						? new GZIPInputStream(body) : body;
				byte[] bytes = in.readAllBytes();
				synchronized (this.received) {
					this.received.write(bytes);
				}
			}
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.sink.start();
	}

	@AfterEach
	void stopSink() {
		this.sink.stop(0);
	}

	@Test
	void noSecretFromStatementsOrDatabaseErrorsReachesTheCollectorOrTheJdbcLogLines(CapturedOutput output)
			throws Exception {
		String email = "alice-" + UUID.randomUUID() + "@example.com";
		String literal = "hunter2-" + UUID.randomUUID();
		String[] h2 = H2JdbcRequestTests.h2Properties("otlp");
		String[] args = { "--server.port=0", "--spring.application.name=library",
				"--spring.jpa.hibernate.ddl-auto=create-drop", "--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.enabled=false",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
						+ this.sink.getAddress().getPort() + "/v1/traces",
				"--management.opentelemetry.tracing.export.schedule-delay=10ms",
				"--observability.jdbc.slow-query.threshold=0ms", "--observability.jdbc.n-plus-one.threshold=2",
				"--" + h2[0], "--" + h2[1], "--" + h2[2] };
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LibraryApplication.class)
			.run(args)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newHttpClient();
			assertThat(post(client, port, "/accounts", email).statusCode()).isEqualTo(409);
			HttpResponse<String> literals = post(client, port, "/literals", literal);
			assertThat(literals.statusCode()).isEqualTo(200);
			assertThat(Integer.parseInt(literals.body())).as("statements that failed").isPositive();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
				assertThat(receivedText()).contains("db.query.text").contains("23505");
			});
		}
		String exported = receivedText();
		assertThat(exported).contains("select count(*) from book where title = ?");
		assertThat(exported).doesNotContain(email).doesNotContain(literal);
		assertThat(output.getAll()).contains("Slow JDBC statement: ")
			.contains("select count(*) from book where title = ?")
			.contains(" times in POST /literals")
			.doesNotContain(email)
			.doesNotContain(literal);
	}

	private String receivedText() {
		synchronized (this.received) {
			return this.received.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static HttpResponse<String> post(HttpClient client, int port, String path, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

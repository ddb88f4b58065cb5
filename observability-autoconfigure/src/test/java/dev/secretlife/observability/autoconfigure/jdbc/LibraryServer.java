package dev.secretlife.observability.autoconfigure.jdbc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.autoconfigure.jdbc.testapp.LibraryApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test library application on a real Tomcat at a random port, logging the starter's JSON lines (MDC and the
 * request summary line included) to the console, and a client for it.
 */
final class LibraryServer implements AutoCloseable {

	private static final ObjectMapper json = new ObjectMapper();

	private final ConfigurableApplicationContext context;

	private final HttpClient client = HttpClient.newHttpClient();

	private final int port;

	private LibraryServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static LibraryServer start(String[] databaseProperties, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "observability.logging.format=json",
				"spring.jpa.hibernate.ddl-auto=create-drop", "spring.jpa.open-in-view=true",
				"management.tracing.sampling.probability=1.0", "observability.jdbc.slow-query.threshold=150ms",
				"spring.application.name=library"));
		all.addAll(List.of(databaseProperties));
		all.addAll(List.of(properties));
		return new LibraryServer(new SpringApplicationBuilder(LibraryApplication.class)
			.properties(all.toArray(String[]::new))
			.run());
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	HttpResponse<String> get(String path, String requestId) {
		return send(HttpRequest.newBuilder(uri(path)).header("X-Request-ID", requestId).GET().build());
	}

	HttpResponse<String> post(String path, String requestId, String body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("X-Request-ID", requestId)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	HttpResponse<String> request(String method, String path, String requestId) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("X-Request-ID", requestId)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns the JSON log events in captured console output.
	 * @param output the captured output
	 * @return the events, in order
	 */
	static List<JsonNode> logEvents(CharSequence output) {
		List<JsonNode> events = new ArrayList<>();
		for (String line : output.toString().split("\\R")) {
			if (line.startsWith("{")) {
				events.add(json.readTree(line));
			}
		}
		return events;
	}

	/**
	 * Returns the WARN events of one logger for one request.
	 */
	static List<JsonNode> warnings(CharSequence output, Class<?> logger, String requestId) {
		return logEvents(output).stream()
			.filter((event) -> "WARN".equals(event.path("level").asString()))
			.filter((event) -> logger.getName().equals(event.path("logger").asString()))
			.filter((event) -> requestId.equals(event.path("requestId").asString()))
			.toList();
	}

	/**
	 * Returns the request's summary line (logger {@code observability.request}).
	 */
	static JsonNode summaryLine(CharSequence output, String requestId) {
		return logEvents(output).stream()
			.filter((event) -> "observability.request".equals(event.path("logger").asString()))
			.filter((event) -> requestId.equals(event.path("requestId").asString()))
			.reduce((first, second) -> {
				throw new IllegalStateException("More than one summary line for " + requestId);
			})
			.orElseThrow();
	}

	@Override
	public void close() {
		this.context.close();
	}

}

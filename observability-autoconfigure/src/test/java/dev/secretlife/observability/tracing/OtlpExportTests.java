package dev.secretlife.observability.tracing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans reach a real OTLP/HTTP receiver (the JDK's HTTP server on loopback, reading the protobuf bytes) through the
 * sender the starter ships: OpenTelemetry's JDK {@code java.net.http} sender, with no OkHttp on the class path.
 */
class OtlpExportTests {

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/v1/traces", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = gunzip(body);
			}
			this.received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("User-Agent"), body));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void serverSpanOfARequestArrivesAsOtlpProtobufSentByTheJdkSender() {
		assertThat(ClassUtils.isPresent("okhttp3.OkHttpClient", null)).as("OkHttp on the class path").isFalse();
		String traceId;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				CollectorDownTests.Application.class)
			.run("--server.port=0", "--logging.structured.format.console=logstash",
					"--management.tracing.sampling.probability=1.0",
					"--management.tracing.export.zipkin.enabled=false",
					"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
							+ this.receiver.getAddress().getPort() + "/v1/traces",
					"--management.opentelemetry.tracing.export.schedule-delay=10ms")) {
			RestClient client = RestClient.create("http://localhost:" + TwoServicesTracingTests.port(context));
			ResponseEntity<String> response = client.get().uri("/work").retrieve().toEntity(String.class);
			traceId = response.getHeaders().getFirst("X-Trace-Id");
			assertThat(traceId).hasSize(32);
			context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
		}
		byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
		assertThat(this.received).isNotEmpty().anySatisfy((request) -> {
			assertThat(request.contentType()).isEqualTo("application/x-protobuf");
			assertThat(request.userAgent()).startsWith("OTel-OTLP-Exporter-Java/");
			assertThat(indexOf(request.body(), traceIdBytes)).as("trace ID bytes in the export").isNotNegative();
		});
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static byte[] gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body));
				ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			in.transferTo(out);
			return out.toByteArray();
		}
	}

	private record Received(String contentType, String userAgent, byte[] body) {
	}

}

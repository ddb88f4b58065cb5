package dev.secretlife.observability.autoconfigure.requestid;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A real second server for propagation tests: {@code GET /seen} answers with the value of the {@code X-Request-ID}
 * header it received, or {@code absent}.
 */
final class HeaderEchoServer implements AutoCloseable {

	private final HttpServer server;

	HeaderEchoServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/seen", (exchange) -> {
			String seen = exchange.getRequestHeaders().getFirst("X-Request-ID");
			byte[] body = ((seen != null) ? seen : "absent").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/seen";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}

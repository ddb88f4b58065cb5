package dev.secretlife.observability.autoconfigure.requestid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a request byte for byte as given, so that tests can put into headers what well-behaved clients refuse to
 * send (CR, LF, NUL, non-ASCII), and reads the raw response.
 */
final class RawHttp {

	/** Status of a response that never came: the server reset the connection. */
	static final int RESET = -1;

	private RawHttp() {
	}

	static Response get(int port, String path, byte[] extraHeaderLines) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(extraHeaderLines);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			try {
				in.transferTo(response);
			}
			catch (SocketException ex) {
				// A server that refuses a malformed request may close while our request bytes are still unread,
				// which the kernel answers with a reset: before or after its 400 reached us.
				if (response.size() == 0) {
					return new Response(RESET, List.of(), "");
				}
			}
			return Response.parse(response.toString(StandardCharsets.ISO_8859_1));
		}
	}

	static byte[] headerLine(String name, String value) {
		return headerLine(name, value.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] headerLine(String name, byte[] value) {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		line.writeBytes((name + ": ").getBytes(StandardCharsets.US_ASCII));
		line.writeBytes(value);
		line.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		return line.toByteArray();
	}

	record Response(int status, List<String[]> headers, String body) {

		static Response parse(String raw) {
			int headerEnd = raw.indexOf("\r\n\r\n");
			String head = (headerEnd >= 0) ? raw.substring(0, headerEnd) : raw;
			String body = (headerEnd >= 0) ? raw.substring(headerEnd + 4) : "";
			String[] lines = head.split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			List<String[]> headers = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.add(new String[] { lines[i].substring(0, colon), lines[i].substring(colon + 1).trim() });
			}
			return new Response(status, headers, body);
		}

		List<String> header(String name) {
			return this.headers.stream()
				.filter((header) -> header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
				.map((header) -> header[1])
				.toList();
		}

	}

}

package dev.secretlife.observability.tracing;

import java.util.List;
import java.util.function.Function;

import dev.secretlife.observability.requestid.RequestIdResolver;
import org.jspecify.annotations.Nullable;

/**
 * Finds the caller's request ID in the W3C {@code baggage} header ({@code key=value;properties, ...}), so that a
 * service reuses its caller's ID when the ID header itself was not forwarded. The value is percent-decoded; the
 * {@link RequestIdResolver} then validates it under the same rules as an ID header.
 *
 * @see <a href="https://www.w3.org/TR/baggage/">W3C Baggage</a>
 */
public final class BaggageRequestIdSource implements RequestIdResolver.FallbackSource {

	/** Name of the W3C baggage header. */
	public static final String HEADER = "baggage";

	private final String key;

	/**
	 * Creates the source.
	 * @param key the baggage key that carries the request ID
	 */
	public BaggageRequestIdSource(String key) {
		this.key = key;
	}

	@Override
	public @Nullable String find(Function<String, List<String>> headerValues) {
		for (String header : headerValues.apply(HEADER)) {
			String value = valueOf(header);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private @Nullable String valueOf(String header) {
		int length = header.length();
		int start = 0;
		while (start < length) {
			int end = header.indexOf(',', start);
			if (end < 0) {
				end = length;
			}
			int equals = header.indexOf('=', start);
			if (equals > start && equals < end && header.substring(start, equals).trim().equals(this.key)) {
				int valueEnd = header.indexOf(';', equals);
				if (valueEnd < 0 || valueEnd > end) {
					valueEnd = end;
				}
				return percentDecode(header.substring(equals + 1, valueEnd).trim());
			}
			start = end + 1;
		}
		return null;
	}

	/**
	 * Decodes {@code %XX} escapes; a malformed escape makes the whole value unusable.
	 */
	static @Nullable String percentDecode(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		StringBuilder decoded = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '%') {
				decoded.append(c);
				continue;
			}
			if (i + 2 >= value.length()) {
				return null;
			}
			int high = Character.digit(value.charAt(i + 1), 16);
			int low = Character.digit(value.charAt(i + 2), 16);
			if (high < 0 || low < 0) {
				return null;
			}
			decoded.append((char) ((high << 4) | low));
			i += 2;
		}
		return decoded.toString();
	}

}

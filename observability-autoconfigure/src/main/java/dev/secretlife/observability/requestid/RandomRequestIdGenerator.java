package dev.secretlife.observability.requestid;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Default {@link RequestIdGenerator}: a random (version 4) UUID in its canonical 36-character form.
 * <p>
 * The bits come from {@link ThreadLocalRandom} rather than {@link java.util.UUID#randomUUID()}: the latter draws
 * from one shared {@code SecureRandom}, which serializes threads under load. A request ID correlates, it does not
 * authenticate, so it needs uniqueness, not unpredictability.
 */
public final class RandomRequestIdGenerator implements RequestIdGenerator {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	@Override
	public String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
		long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		char[] out = new char[36];
		writeHex(out, 0, most >>> 32, 8);
		out[8] = '-';
		writeHex(out, 9, most >>> 16, 4);
		out[13] = '-';
		writeHex(out, 14, most, 4);
		out[18] = '-';
		writeHex(out, 19, least >>> 48, 4);
		out[23] = '-';
		writeHex(out, 24, least, 12);
		return new String(out);
	}

	private static void writeHex(char[] out, int offset, long value, int digits) {
		for (int i = offset + digits - 1; i >= offset; i--) {
			out[i] = HEX[(int) (value & 0xf)];
			value >>>= 4;
		}
	}

}

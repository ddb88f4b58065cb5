package dev.secretlife.observability.jdbc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

/**
 * Turns statement text into its shape: literals and parameters replaced by {@code ?}, {@code IN (...)} lists of them
 * collapsed to {@code IN (?)}, comments removed and white space collapsed. The shape carries no value, so it is what
 * slow-query warnings, N+1 warnings and spans show, and two executions with the same shape are "the same statement"
 * for N+1 detection.
 * <p>
 * A hand-written scanner (no regex), with a bounded cache in front: an application runs a few hundred distinct
 * statements, each shaped once. Statements beyond the cache size are shaped on every call, never cached, so that
 * distinct literal-bearing statements cannot grow the heap.
 */
public final class SqlShapes {

	/** Default maximum number of cached shapes. */
	public static final int DEFAULT_CACHE_SIZE = 2048;

	private final ConcurrentMap<String, String> cache = new ConcurrentHashMap<>();

	private final int cacheSize;

	/**
	 * Creates a shaper with the {@link #DEFAULT_CACHE_SIZE default cache size}.
	 */
	public SqlShapes() {
		this(DEFAULT_CACHE_SIZE);
	}

	/**
	 * Creates a shaper.
	 * @param cacheSize maximum number of cached shapes, 0 for no cache
	 */
	public SqlShapes(int cacheSize) {
		this.cacheSize = cacheSize;
	}

	/**
	 * Returns the shape of a statement, from the cache when possible.
	 * @param sql the statement text
	 * @return its shape, never {@code null}
	 */
	public String shapeOf(@Nullable String sql) {
		if (sql == null) {
			return "";
		}
		String shape = this.cache.get(sql);
		if (shape != null) {
			return shape;
		}
		shape = shape(sql);
		if (this.cache.size() < this.cacheSize) {
			this.cache.putIfAbsent(sql, shape);
		}
		return shape;
	}

	/**
	 * Computes the shape of a statement, without the cache.
	 * @param sql the statement text
	 * @return its shape
	 */
	public static String shape(String sql) {
		int length = sql.length();
		StringBuilder out = new StringBuilder(length);
		boolean pendingSpace = false;
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				pendingSpace = out.length() > 0;
				i++;
				continue;
			}
			if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
				pendingSpace = out.length() > 0;
				continue;
			}
			if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
				pendingSpace = out.length() > 0;
				continue;
			}
			if (pendingSpace) {
				out.append(' ');
				pendingSpace = false;
			}
			if (c == '(' && endsWithInKeyword(out)) {
				int end = endOfValueList(sql, i + 1);
				if (end > 0) {
					out.append("(?)");
					i = end + 1;
					continue;
				}
			}
			int literalEnd = endOfLiteral(sql, i, out);
			if (literalEnd > i) {
				out.append('?');
				i = literalEnd;
				continue;
			}
			if (c == '"' || c == '`') {
				int end = sql.indexOf(c, i + 1);
				end = (end < 0) ? length : end + 1;
				out.append(sql, i, end);
				i = end;
				continue;
			}
			out.append(c);
			i++;
		}
		return out.toString();
	}

	/**
	 * Cuts a shape to a maximum length, marking the cut.
	 * @param shape the shape
	 * @param maxLength maximum number of characters kept
	 * @return the shape, or its first {@code maxLength} characters followed by {@code ...}
	 */
	public static String truncate(String shape, int maxLength) {
		if (shape.length() <= maxLength) {
			return shape;
		}
		return shape.substring(0, Math.max(0, maxLength)) + "...";
	}

	/**
	 * Returns the end (exclusive) of a literal or parameter starting at {@code i}, or {@code i} when there is none.
	 */
	private static int endOfLiteral(String sql, int i, CharSequence before) {
		int length = sql.length();
		char c = sql.charAt(i);
		if (c == '?') {
			return i + 1;
		}
		if (c == '\'') {
			return endOfString(sql, i);
		}
		if (c == '$' && i + 1 < length && isDigit(sql.charAt(i + 1)) && !endsWithIdentifierChar(before)) {
			int j = i + 1;
			while (j < length && isDigit(sql.charAt(j))) {
				j++;
			}
			return j;
		}
		if ((isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1))))
				&& !endsWithIdentifierChar(before)) {
			int j = i + 1;
			if (c == '0' && j < length && (sql.charAt(j) == 'x' || sql.charAt(j) == 'X')) {
				j++;
				while (j < length && Character.digit(sql.charAt(j), 16) >= 0) {
					j++;
				}
				return j;
			}
			while (j < length) {
				char d = sql.charAt(j);
				if (isDigit(d) || d == '.') {
					j++;
				}
				else if ((d == 'e' || d == 'E') && j + 1 < length
						&& (isDigit(sql.charAt(j + 1)) || sql.charAt(j + 1) == '-' || sql.charAt(j + 1) == '+')) {
					j += 2;
				}
				else {
					break;
				}
			}
			return j;
		}
		return i;
	}

	private static int endOfString(String sql, int start) {
		int length = sql.length();
		int j = start + 1;
		while (j < length) {
			if (sql.charAt(j) == '\'') {
				if (j + 1 < length && sql.charAt(j + 1) == '\'') {
					j += 2;
					continue;
				}
				return j + 1;
			}
			j++;
		}
		// An unterminated string: everything after the quote is treated as the value, so none of it leaks.
		return length;
	}

	/**
	 * Returns the index of the closing parenthesis when {@code sql} from {@code start} is a list of literals and
	 * parameters only, else -1.
	 */
	private static int endOfValueList(String sql, int start) {
		int length = sql.length();
		int j = start;
		boolean expectItem = true;
		while (j < length) {
			char c = sql.charAt(j);
			if (Character.isWhitespace(c)) {
				j++;
			}
			else if (expectItem) {
				int end = endOfLiteral(sql, j, "");
				if (end == j) {
					return -1;
				}
				j = end;
				expectItem = false;
			}
			else if (c == ',') {
				expectItem = true;
				j++;
			}
			else if (c == ')') {
				return j;
			}
			else {
				return -1;
			}
		}
		return -1;
	}

	private static boolean endsWithInKeyword(StringBuilder out) {
		int end = out.length();
		if (end > 0 && out.charAt(end - 1) == ' ') {
			end--;
		}
		if (end < 2) {
			return false;
		}
		char i = out.charAt(end - 2);
		char n = out.charAt(end - 1);
		if ((i != 'i' && i != 'I') || (n != 'n' && n != 'N')) {
			return false;
		}
		return end == 2 || !isIdentifierChar(out.charAt(end - 3));
	}

	private static boolean endsWithIdentifierChar(CharSequence out) {
		int length = out.length();
		return length > 0 && isIdentifierChar(out.charAt(length - 1));
	}

	private static boolean isIdentifierChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}

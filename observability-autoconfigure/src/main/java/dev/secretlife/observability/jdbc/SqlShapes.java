package dev.secretlife.observability.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Turns statement text into its shape: literals and parameters replaced by {@code ?}, {@code IN (...)} lists of them
 * collapsed to {@code IN (?)}, comments removed and white space collapsed. The shape carries no value, so it is what
 * slow-query warnings, N+1 warnings and spans show, and two executions with the same shape are "the same statement"
 * for N+1 detection.
 * <p>
 * The scanner reads the literals of every database users run, and where two databases read a statement differently
 * it removes what either would read as a value:
 * <ul>
 * <li>{@code '...'} with {@code ''} inside; prefixed {@code E'...'}, {@code N'...'}, {@code X'...'},
 * {@code B'...'}, {@code U&'...'}; Oracle's {@code q'[...]'} (and {@code nq'...'});</li>
 * <li>a backslash before a quote inside a string ({@code 'O\'Brien'}) is an escape for MySQL, MariaDB and
 * PostgreSQL's {@code E'...'} but ends the string for the others: the two readings disagree on where every later
 * literal starts, so the shape ends there, with one {@code ?} for all the rest;</li>
 * <li>dollar quoting ({@code $$...$$}, {@code $tag$...$tag$}) and numbers of any form ({@code 42}, {@code 3.5e-2},
 * {@code 0x1F}, {@code 0b101}, {@code 1_000});</li>
 * <li>{@code --} comments, {@code /* *}{@code /} comments, nested or not (reading them nested removes more), and an
 * unterminated literal or comment runs to the end;</li>
 * <li>what differs by {@link SqlDialect}: {@code "..."} is a string for MySQL and MariaDB, an identifier elsewhere;
 * {@code #} starts a comment for MySQL and MariaDB only.</li>
 * </ul>
 * Shapes longer than {@value #MAX_SHAPE_LENGTH} characters are cut, so that a huge statement costs a bounded amount
 * of memory wherever its shape is kept.
 * <p>
 * A hand-written scanner (no regex), with a cache in front: an application runs a few hundred distinct statements,
 * each shaped once. The cache is bounded by entries and by bytes, and only keeps statements that hold no literal and
 * no comment, so that no value ever sits in it; other statements are shaped on every call.
 */
public final class SqlShapes {

	/** Default maximum number of cached shapes. */
	public static final int DEFAULT_CACHE_SIZE = 2048;

	/** Default maximum memory held by the cache, in bytes, as estimated from the lengths of its strings. */
	public static final long DEFAULT_CACHE_MAX_BYTES = 4L * 1024 * 1024;

	/** Longest statement that is cached; longer ones are shaped on every call. */
	public static final int MAX_CACHED_STATEMENT_LENGTH = 8 * 1024;

	/** Longest shape: a longer one is cut there and ends with {@code ...}. */
	public static final int MAX_SHAPE_LENGTH = 16 * 1024;

	/** Estimated bytes of a cache entry besides its strings' characters (node, string headers, arrays). */
	private static final int ENTRY_OVERHEAD_BYTES = 128;

	private final ConcurrentMap<String, String>[] caches;

	private final int cacheSize;

	private final long cacheMaxBytes;

	private final AtomicInteger cachedEntries = new AtomicInteger();

	private final AtomicLong cachedBytes = new AtomicLong();

	/**
	 * Creates a shaper with the {@link #DEFAULT_CACHE_SIZE default cache size} and
	 * {@link #DEFAULT_CACHE_MAX_BYTES byte limit}.
	 */
	public SqlShapes() {
		this(DEFAULT_CACHE_SIZE);
	}

	/**
	 * Creates a shaper with the {@link #DEFAULT_CACHE_MAX_BYTES default byte limit}.
	 * @param cacheSize maximum number of cached shapes, 0 for no cache
	 */
	public SqlShapes(int cacheSize) {
		this(cacheSize, DEFAULT_CACHE_MAX_BYTES);
	}

	/**
	 * Creates a shaper.
	 * @param cacheSize maximum number of cached shapes, 0 for no cache
	 * @param cacheMaxBytes maximum memory held by the cache, estimated as two bytes per character of its statements
	 * and shapes plus a fixed cost per entry
	 */
	@SuppressWarnings("unchecked")
	public SqlShapes(int cacheSize, long cacheMaxBytes) {
		this.cacheSize = cacheSize;
		this.cacheMaxBytes = cacheMaxBytes;
		SqlDialect[] dialects = SqlDialect.values();
		this.caches = new ConcurrentMap[dialects.length];
		for (int i = 0; i < dialects.length; i++) {
			this.caches[i] = new ConcurrentHashMap<>();
		}
	}

	/**
	 * Returns the shape of a statement read as {@link SqlDialect#STANDARD standard SQL}, from the cache when possible.
	 * @param sql the statement text
	 * @return its shape, never {@code null}
	 */
	public String shapeOf(@Nullable String sql) {
		return shapeOf(sql, SqlDialect.STANDARD);
	}

	/**
	 * Returns the shape of a statement, from the cache when possible.
	 * @param sql the statement text
	 * @param dialect how to read its quotes and comments
	 * @return its shape, never {@code null}
	 */
	public String shapeOf(@Nullable String sql, SqlDialect dialect) {
		if (sql == null) {
			return "";
		}
		ConcurrentMap<String, String> cache = this.caches[dialect.ordinal()];
		String shape = cache.get(sql);
		if (shape != null) {
			return shape;
		}
		Scanner scanner = new Scanner(sql, dialect);
		shape = scanner.shape();
		if (scanner.keepsNoValue && sql.length() <= MAX_CACHED_STATEMENT_LENGTH) {
			if (shape.equals(sql)) {
				shape = sql;
			}
			cache(cache, sql, shape);
		}
		return shape;
	}

	private void cache(ConcurrentMap<String, String> cache, String sql, String shape) {
		long bytes = ENTRY_OVERHEAD_BYTES + 2L * (sql.length() + ((shape != sql) ? shape.length() : 0));
		int entries = this.cachedEntries.incrementAndGet();
		long total = this.cachedBytes.addAndGet(bytes);
		if (entries > this.cacheSize || total > this.cacheMaxBytes || cache.putIfAbsent(sql, shape) != null) {
			// Full, or cached meanwhile by another thread: give the reservation back.
			this.cachedEntries.decrementAndGet();
			this.cachedBytes.addAndGet(-bytes);
		}
	}

	/**
	 * Returns the cached statements, for tests.
	 * @return every cached statement text
	 */
	List<String> cachedStatements() {
		List<String> statements = new ArrayList<>();
		for (ConcurrentMap<String, String> cache : this.caches) {
			statements.addAll(cache.keySet());
		}
		return statements;
	}

	/**
	 * Returns the estimated memory the cache holds, for tests.
	 * @return bytes, as counted against the limit
	 */
	long cachedBytes() {
		return this.cachedBytes.get();
	}

	/**
	 * Computes the shape of a statement read as {@link SqlDialect#STANDARD standard SQL}, without the cache.
	 * @param sql the statement text
	 * @return its shape
	 */
	public static String shape(String sql) {
		return shape(sql, SqlDialect.STANDARD);
	}

	/**
	 * Computes the shape of a statement, without the cache.
	 * @param sql the statement text
	 * @param dialect how to read its quotes and comments
	 * @return its shape
	 */
	public static String shape(String sql, SqlDialect dialect) {
		return new Scanner(sql, dialect).shape();
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
	 * One pass over one statement.
	 */
	private static final class Scanner {

		/** Returned by the literal scans when the rest of the statement cannot be read safely. */
		private static final int AMBIGUOUS = -1;

		private final String sql;

		private final int length;

		private final boolean mysql;

		private final StringBuilder out;

		/** Whether the statement held nothing but text and parameters: no literal, no comment. */
		boolean keepsNoValue = true;

		Scanner(String sql, SqlDialect dialect) {
			this.sql = sql;
			this.length = sql.length();
			this.mysql = dialect == SqlDialect.MYSQL;
			this.out = new StringBuilder(Math.min(this.length, MAX_SHAPE_LENGTH + 3));
		}

		String shape() {
			String sql = this.sql;
			int length = this.length;
			StringBuilder out = this.out;
			boolean pendingSpace = false;
			int i = 0;
			while (i < length) {
				if (out.length() >= MAX_SHAPE_LENGTH) {
					break;
				}
				char c = sql.charAt(i);
				if (Character.isWhitespace(c)) {
					pendingSpace = out.length() > 0;
					i++;
					continue;
				}
				int commentEnd = endOfComment(i);
				if (commentEnd > i) {
					this.keepsNoValue = false;
					i = commentEnd;
					pendingSpace = out.length() > 0;
					continue;
				}
				if (pendingSpace) {
					out.append(' ');
					pendingSpace = false;
				}
				if (c == '(' && endsWithInKeyword(out)) {
					int end = endOfValueList(i + 1);
					if (end > 0) {
						out.append("(?)");
						i = end + 1;
						continue;
					}
				}
				int literalEnd = endOfLiteral(i, out);
				if (literalEnd == AMBIGUOUS) {
					out.append('?');
					break;
				}
				if (literalEnd > i) {
					out.append('?');
					i = literalEnd;
					continue;
				}
				if (c == '"' || c == '`') {
					int end = endOfQuoted(i, c, false);
					out.append(sql, i, end);
					i = end;
					continue;
				}
				out.append(c);
				i++;
			}
			if (out.length() >= MAX_SHAPE_LENGTH && (i < length || out.length() > MAX_SHAPE_LENGTH)) {
				out.setLength(MAX_SHAPE_LENGTH);
				out.append("...");
			}
			return out.toString();
		}

		/**
		 * Returns the end (exclusive) of a comment starting at {@code i}, or {@code i} when there is none.
		 */
		private int endOfComment(int i) {
			String sql = this.sql;
			char c = sql.charAt(i);
			char next = (i + 1 < this.length) ? sql.charAt(i + 1) : 0;
			if ((c == '-' && next == '-') || (c == '#' && this.mysql)) {
				int j = i + 1;
				while (j < this.length && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
					j++;
				}
				return j;
			}
			if (c == '/' && next == '*') {
				// Read as nested (PostgreSQL, SQL Server): where comments do not nest, that removes more, never less.
				int depth = 1;
				int j = i + 2;
				while (j < this.length) {
					char d = sql.charAt(j);
					char e = (j + 1 < this.length) ? sql.charAt(j + 1) : 0;
					if (d == '/' && e == '*') {
						depth++;
						j += 2;
					}
					else if (d == '*' && e == '/') {
						j += 2;
						if (--depth == 0) {
							return j;
						}
					}
					else {
						j++;
					}
				}
				return this.length;
			}
			return i;
		}

		/**
		 * Returns the end (exclusive) of a literal or parameter starting at {@code i}, {@code i} when there is none,
		 * or {@link #AMBIGUOUS} when the rest of the statement cannot be read safely.
		 */
		private int endOfLiteral(int i, CharSequence before) {
			String sql = this.sql;
			int length = this.length;
			char c = sql.charAt(i);
			if (c == '?') {
				return i + 1;
			}
			if (c == '\'' || (c == '"' && this.mysql)) {
				return literal(i, endOfQuoted(i, c, true));
			}
			boolean afterIdentifier = endsWithIdentifierChar(before);
			if (c == '$' && !afterIdentifier) {
				return endOfDollar(i);
			}
			if (afterIdentifier) {
				return i;
			}
			if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
				return literal(i, endOfNumber(i));
			}
			if (isLetter(c)) {
				return literal(i, endOfPrefixedString(i));
			}
			return i;
		}

		/** Marks the statement as holding a value when a literal was found between {@code start} and {@code end}. */
		private int literal(int start, int end) {
			if (end != start) {
				this.keepsNoValue = false;
			}
			return end;
		}

		/** A number of any base and form; reading too far only removes more. */
		private int endOfNumber(int start) {
			String sql = this.sql;
			int j = start + 1;
			while (j < this.length) {
				char d = sql.charAt(j);
				if (isLetter(d) || isDigit(d) || d == '_' || d == '.') {
					j++;
				}
				else if ((d == '-' || d == '+') && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')) {
					j++;
				}
				else {
					break;
				}
			}
			return j;
		}

		/**
		 * A string with a prefix ({@code E'...'}, {@code N'...'}, {@code X'...'}, {@code B'...'}, {@code U&'...'},
		 * {@code q'[...]'}, {@code nq'...'}) starting at {@code start}, or {@code start} when there is none.
		 */
		private int endOfPrefixedString(int start) {
			String sql = this.sql;
			int j = start;
			char c = Character.toLowerCase(sql.charAt(j));
			if (c == 'n' && j + 1 < this.length && Character.toLowerCase(sql.charAt(j + 1)) == 'q') {
				c = 'q';
				j++;
			}
			if (c == 'q' && j + 2 < this.length && sql.charAt(j + 1) == '\'') {
				return endOfOracleQuote(j + 1);
			}
			if (c == 'u' && j + 2 < this.length && sql.charAt(j + 1) == '&' && sql.charAt(j + 2) == '\'') {
				return endOfQuoted(j + 2, '\'', true);
			}
			if ((c == 'e' || c == 'n' || c == 'x' || c == 'b') && j + 1 < this.length && sql.charAt(j + 1) == '\'') {
				return endOfQuoted(j + 1, '\'', true);
			}
			return start;
		}

		/** Oracle's alternative quoting: {@code q'<delimiter>...<closing delimiter>'}. */
		private int endOfOracleQuote(int quote) {
			char open = this.sql.charAt(quote + 1);
			char close = switch (open) {
				case '[' -> ']';
				case '{' -> '}';
				case '(' -> ')';
				case '<' -> '>';
				default -> open;
			};
			int j = quote + 2;
			while (j + 1 < this.length) {
				if (this.sql.charAt(j) == close && this.sql.charAt(j + 1) == '\'') {
					return j + 2;
				}
				j++;
			}
			return this.length;
		}

		/**
		 * A quoted string or identifier starting at {@code start}, the quote doubled inside it. For a string, a
		 * backslash escapes the next character, and a backslash before the quote makes the statement
		 * {@link #AMBIGUOUS}: MySQL and {@code E'...'} read on, standard SQL ends the string there.
		 */
		private int endOfQuoted(int start, char quote, boolean string) {
			String sql = this.sql;
			int length = this.length;
			int j = start + 1;
			while (j < length) {
				char d = sql.charAt(j);
				if (d == '\\' && string) {
					if (j + 1 < length && sql.charAt(j + 1) == quote) {
						return AMBIGUOUS;
					}
					j += 2;
					continue;
				}
				if (d == quote) {
					if (j + 1 < length && sql.charAt(j + 1) == quote) {
						j += 2;
						continue;
					}
					return j + 1;
				}
				j++;
			}
			// Unterminated: everything after the quote is taken as the value, so none of it leaks.
			return length;
		}

		/**
		 * A positional parameter {@code $1}, or a dollar-quoted string {@code $$...$$} / {@code $tag$...$tag$}
		 * (unterminated: to the end), or {@code start} when neither.
		 */
		private int endOfDollar(int start) {
			String sql = this.sql;
			int length = this.length;
			int j = start + 1;
			if (j < length && isDigit(sql.charAt(j))) {
				while (j < length && isDigit(sql.charAt(j))) {
					j++;
				}
				return j;
			}
			while (j < length && (isLetter(sql.charAt(j)) || isDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
				j++;
			}
			if (j >= length || sql.charAt(j) != '$') {
				return start;
			}
			this.keepsNoValue = false;
			String delimiter = sql.substring(start, j + 1);
			int close = sql.indexOf(delimiter, j + 1);
			return (close < 0) ? length : close + delimiter.length();
		}

		/**
		 * Returns the index of the closing parenthesis when the statement from {@code start} is a list of literals
		 * and parameters only, else -1.
		 */
		private int endOfValueList(int start) {
			String sql = this.sql;
			int j = start;
			boolean expectItem = true;
			while (j < this.length) {
				char c = sql.charAt(j);
				if (Character.isWhitespace(c)) {
					j++;
				}
				else if (expectItem) {
					int end = endOfLiteral(j, "");
					if (end <= j) {
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

	private static boolean isLetter(char c) {
		return Character.isLetter(c);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}

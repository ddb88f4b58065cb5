package dev.secretlife.observability.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The kind of a SQL statement, read from its first keyword. The values are the closed set of the {@code operation}
 * tag, so that no statement text ever becomes a tag.
 */
public enum SqlOperation {

	/** {@code SELECT}, and the other statements that only read: {@code WITH}, {@code VALUES}, {@code TABLE}. */
	SELECT("select"),

	/** {@code INSERT}. */
	INSERT("insert"),

	/** {@code UPDATE}. */
	UPDATE("update"),

	/** {@code DELETE}. */
	DELETE("delete"),

	/** A stored procedure call: {@code CALL}, {@code {call ...}}, {@code EXEC}, or any callable statement. */
	CALL("call"),

	/** Schema changes: {@code CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code RENAME}, ... */
	DDL("ddl"),

	/** Anything else, including {@code MERGE}, {@code SET}, {@code COMMIT} and an empty statement. */
	OTHER("other");

	private static final String[] SELECT_WORDS = { "select", "with", "values", "table", "show" };

	private static final String[] CALL_WORDS = { "call", "exec", "execute" };

	private static final String[] DDL_WORDS = { "create", "alter", "drop", "truncate", "rename", "comment", "grant",
			"revoke" };

	private final String tagValue;

	SqlOperation(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the lower-case value used as metric tag and span name.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Reads the operation of a statement from its first keyword, skipping leading white space, comments, opening
	 * parentheses and the JDBC escape of a callable statement ({@code {? = call f(?)}}). Allocates nothing.
	 * @param sql the statement text, may be {@code null}
	 * @return the operation, {@link #OTHER} when no keyword is recognised
	 */
	public static SqlOperation of(@Nullable String sql) {
		if (sql == null) {
			return OTHER;
		}
		int start = firstKeyword(sql);
		if (start < 0) {
			return OTHER;
		}
		if (startsWithWord(sql, start, "insert")) {
			return INSERT;
		}
		if (startsWithWord(sql, start, "update")) {
			return UPDATE;
		}
		if (startsWithWord(sql, start, "delete")) {
			return DELETE;
		}
		if (startsWithAny(sql, start, SELECT_WORDS)) {
			return SELECT;
		}
		if (startsWithAny(sql, start, CALL_WORDS)) {
			return CALL;
		}
		if (startsWithAny(sql, start, DDL_WORDS)) {
			return DDL;
		}
		return OTHER;
	}

	private static int firstKeyword(String sql) {
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(' || c == '{' || c == '?' || c == '=') {
				i++;
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				if (end < 0) {
					return -1;
				}
				i = end + 1;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				if (end < 0) {
					return -1;
				}
				i = end + 2;
			}
			else {
				return i;
			}
		}
		return -1;
	}

	private static boolean startsWithAny(String sql, int start, String[] words) {
		for (String word : words) {
			if (startsWithWord(sql, start, word)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWithWord(String sql, int start, String word) {
		int end = start + word.length();
		if (!sql.regionMatches(true, start, word, 0, word.length())) {
			return false;
		}
		return end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_';
	}

}

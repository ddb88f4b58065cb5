package dev.secretlife.observability.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How {@link SqlShapes} reads the quotes and comments of a statement. Most of the lexical rules that hide a value are
 * read the same way for every database, always erring towards removing text (dollar quoting, nested block comments,
 * {@code E'...'}, {@code N'...'}, {@code X'...'}, Oracle's {@code q'[...]'}); only two differ between databases users
 * run, and they cannot be read both ways at once: whether {@code "..."} is a string or an identifier, and whether
 * {@code #} starts a comment.
 */
public enum SqlDialect {

	/**
	 * Standard SQL as PostgreSQL, Oracle, SQL Server, H2, HSQLDB, Derby and DB2 read it: {@code "..."} is an
	 * identifier (kept in the shape), {@code #} is an ordinary character.
	 */
	STANDARD,

	/**
	 * MySQL and MariaDB: {@code "..."} is a string (a literal, removed), {@code #} starts a comment to the end of
	 * the line.
	 */
	MYSQL;

	/**
	 * Returns the dialect of the database a statement runs on, from its connection's metadata: the product name
	 * first (it survives wrapping drivers and proxies), then the JDBC URL.
	 * @param statement the statement, or {@code null}
	 * @return its dialect, {@link #STANDARD} when it cannot be told
	 */
	public static SqlDialect of(@Nullable Statement statement) {
		if (statement == null) {
			return STANDARD;
		}
		try {
			Connection connection = statement.getConnection();
			DatabaseMetaData metaData = connection.getMetaData();
			SqlDialect byProduct = ofProductName(metaData.getDatabaseProductName());
			return (byProduct == MYSQL) ? MYSQL : ofUrl(metaData.getURL());
		}
		catch (SQLException | RuntimeException ex) {
			return STANDARD;
		}
	}

	/**
	 * Returns the dialect of a database product, as {@link DatabaseMetaData#getDatabaseProductName()} names it.
	 * @param productName the product name, or {@code null}
	 * @return {@link #MYSQL} for MySQL and MariaDB, else {@link #STANDARD}
	 */
	public static SqlDialect ofProductName(@Nullable String productName) {
		if (productName == null) {
			return STANDARD;
		}
		String name = productName.toLowerCase(Locale.ROOT);
		return (name.contains("mysql") || name.contains("mariadb")) ? MYSQL : STANDARD;
	}

	/**
	 * Returns the dialect of a JDBC URL, from its sub-protocol ({@code jdbc:mysql:}, {@code jdbc:mariadb:}, also
	 * behind a wrapper such as {@code jdbc:aws-wrapper:mysql:}).
	 * @param url the JDBC URL, or {@code null}
	 * @return {@link #MYSQL} for MySQL and MariaDB, else {@link #STANDARD}
	 */
	public static SqlDialect ofUrl(@Nullable String url) {
		if (url == null) {
			return STANDARD;
		}
		int hostStart = url.indexOf("//");
		String protocol = ((hostStart < 0) ? url : url.substring(0, hostStart)).toLowerCase(Locale.ROOT);
		return (protocol.contains(":mysql:") || protocol.contains(":mariadb:")) ? MYSQL : STANDARD;
	}

}

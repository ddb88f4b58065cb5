package dev.secretlife.observability.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A query that takes {@code sample.slow-query-seconds}, written for the database at hand: PostgreSQL's
 * {@code pg_sleep}, or on H2 a {@code SLEEP} alias declared in schema-h2.sql.
 */
@Component
class SlowQuery {

	private final JdbcClient jdbc;

	private final String sql;

	SlowQuery(JdbcClient jdbc, DataSource dataSource, @Value("${sample.slow-query-seconds:1.2}") double seconds)
			throws SQLException {
		this.jdbc = jdbc;
		try (Connection connection = dataSource.getConnection()) {
			String database = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			String sleep = database.contains("postgres") ? "pg_sleep(" + seconds + ")"
					: "SLEEP(" + (long) (seconds * 1000) + ")";
			// A one-row subquery, so that the sleep runs once whatever the plan.
			this.sql = "SELECT (SELECT COUNT(*) FROM product) FROM (SELECT " + sleep + " AS slept) AS pause";
		}
	}

	long run() {
		return this.jdbc.sql(this.sql).query(Long.class).single();
	}

}

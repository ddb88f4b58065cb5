package dev.secretlife.observability.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One read-only transaction around a point select, with the JDBC calls Spring's JPA transaction manager and Hibernate
 * make around it (read-only and auto-commit switched and restored, the statement's warnings cleared, commit): most of
 * them are calls no statement listener sees. Raw HikariCP + H2, the starter's instrumentation, and the same listeners
 * on datasource-proxy's own proxies (the starter before its own proxies).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcTransactionBenchmarks {

	private HikariDataSource pool;

	private DataSource starter;

	private DataSource starterOnDefaultProxies;

	@Setup
	public void setUp() throws SQLException {
		this.pool = H2Products.pool("transactions");
		this.starter = StarterComponents.jdbc(this.pool, new SimpleMeterRegistry());
		this.starterOnDefaultProxies = StarterComponents.jdbcOnDefaultProxies(this.pool, new SimpleMeterRegistry());
	}

	@TearDown
	public void tearDown() {
		this.pool.close();
	}

	/** The baseline of the group: HikariCP and H2 alone. */
	@Benchmark
	public int rawHikariH2() throws SQLException {
		return readOnlyTransaction(this.pool);
	}

	/** This starter's JDBC instrumentation, every feature on. */
	@Benchmark
	public int starterProxy() throws SQLException {
		return readOnlyTransaction(this.starter);
	}

	/** The same listeners on datasource-proxy's own proxies. */
	@Benchmark
	public int starterOnDefaultProxies() throws SQLException {
		return readOnlyTransaction(this.starterOnDefaultProxies);
	}

	private static int readOnlyTransaction(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setReadOnly(true);
			boolean autoCommit = connection.getAutoCommit();
			if (autoCommit) {
				connection.setAutoCommit(false);
			}
			int stock;
			try (PreparedStatement statement = connection.prepareStatement(H2Products.QUERY)) {
				statement.setLong(1, 42);
				try (ResultSet row = statement.executeQuery()) {
					row.next();
					stock = row.getInt(3);
				}
				statement.clearWarnings();
			}
			connection.commit();
			if (autoCommit) {
				connection.setAutoCommit(true);
			}
			connection.setReadOnly(false);
			return stock;
		}
	}

}

package dev.secretlife.observability.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
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
 * The point select of {@link JdbcBenchmarks} where users run it: on a real PostgreSQL over loopback, through HikariCP,
 * raw and through the starter's JDBC instrumentation with every feature on. The database is the one
 * {@code scripts/postgres.sh} starts; {@code run.sh} starts it and gives its JDBC URL in the environment variable
 * {@value #URL_VARIABLE}, which JMH's forks inherit. Without it the benchmark fails at setup, saying so, rather than
 * measure something else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcPostgresBenchmarks {

	/** The environment variable with the JDBC URL of the PostgreSQL to run against. */
	static final String URL_VARIABLE = "BENCHMARKS_POSTGRES_URL";

	private HikariDataSource pool;

	private DataSource starter;

	@Setup
	public void setUp() throws SQLException {
		String url = System.getenv(URL_VARIABLE);
		if (url == null || url.isBlank()) {
			throw new IllegalStateException(URL_VARIABLE + " is not set: start a PostgreSQL with "
					+ "'scripts/postgres.sh start' and set it to the JDBC URL it prints (benchmarks/run.sh does both)");
		}
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setMaximumPoolSize(4);
		config.setPoolName("benchmarks-postgres");
		this.pool = new HikariDataSource(config);
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS product (id BIGINT PRIMARY KEY, sku VARCHAR(32), stock INT)");
			statement.execute("DELETE FROM product");
			statement.execute("INSERT INTO product SELECT x, 'SKU-' || x, 10 FROM generate_series(1, 1000) AS x");
		}
		this.starter = StarterComponents.jdbc(this.pool, new SimpleMeterRegistry());
	}

	@TearDown
	public void tearDown() {
		this.pool.close();
	}

	/** The baseline of the group: HikariCP and PostgreSQL alone. */
	@Benchmark
	public int rawHikariPostgres() throws SQLException {
		return JdbcBenchmarks.pointSelect(this.pool);
	}

	/** This starter's JDBC instrumentation, every feature on. */
	@Benchmark
	public int starterProxy() throws SQLException {
		return JdbcBenchmarks.pointSelect(this.starter);
	}

}

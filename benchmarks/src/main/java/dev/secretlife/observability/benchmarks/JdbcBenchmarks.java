package dev.secretlife.observability.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.listener.NoOpMethodExecutionListener;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One point select per operation, as application code issues it outside a transaction: borrow a connection from
 * HikariCP, prepare, bind, execute, read the one row, close everything. The same pool on in-memory H2 is used raw,
 * through the starter's JDBC instrumentation, and through datasource-micrometer (metrics on, no tracer: what it
 * costs when every JDBC observation becomes a timer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcBenchmarks {

	private HikariDataSource pool;

	private DataSource proxyNoOp;

	private DataSource starter;

	private DataSource starterOnDefaultProxies;

	private DataSource datasourceMicrometer;

	@Setup
	public void setUp() throws SQLException {
		this.pool = H2Products.pool("benchmarks");
		this.proxyNoOp = ProxyDataSourceBuilder.create(this.pool)
			.name("no-op")
			.listener(new NoOpQueryExecutionListener())
			.methodListener(new NoOpMethodExecutionListener())
			.build();
		this.starter = StarterComponents.jdbc(this.pool, new SimpleMeterRegistry());
		this.starterOnDefaultProxies = StarterComponents.jdbcOnDefaultProxies(this.pool, new SimpleMeterRegistry());
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		DataSourceObservationListener listener = new DataSourceObservationListener(observations);
		this.datasourceMicrometer = ProxyDataSourceBuilder.create(this.pool)
			.name("datasource-micrometer")
			.listener(listener)
			.methodListener(listener)
			.build();
	}

	@TearDown
	public void tearDown() {
		this.pool.close();
	}

	/** The baseline of the group: HikariCP and H2 alone. */
	@Benchmark
	public int rawHikariH2() throws SQLException {
		return pointSelect(this.pool);
	}

	/** datasource-proxy with listeners that do nothing: the floor of any instrumentation built on it. */
	@Benchmark
	public int datasourceProxyNoOp() throws SQLException {
		return pointSelect(this.proxyNoOp);
	}

	/** This starter's JDBC instrumentation, every feature on. */
	@Benchmark
	public int starterProxy() throws SQLException {
		return pointSelect(this.starter);
	}

	/** The same listeners on datasource-proxy's own proxies: the starter before its own proxies. */
	@Benchmark
	public int starterOnDefaultProxies() throws SQLException {
		return pointSelect(this.starterOnDefaultProxies);
	}

	/** The alternative: net.ttddyy.observation:datasource-micrometer on the same pool. */
	@Benchmark
	public int datasourceMicrometer() throws SQLException {
		return pointSelect(this.datasourceMicrometer);
	}

	/** The statement every JDBC benchmark times: borrow, prepare, bind, execute, read the one row, close. */
	static int pointSelect(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(H2Products.QUERY)) {
			statement.setLong(1, 42);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getInt(3);
			}
		}
	}

}

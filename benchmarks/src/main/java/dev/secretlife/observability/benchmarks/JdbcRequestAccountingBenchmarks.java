package dev.secretlife.observability.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretlife.observability.jdbc.JdbcMetrics;
import dev.secretlife.observability.jdbc.JdbcUnitListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Per-request JDBC accounting: a request whose handler runs three point selects through the starter's instrumented
 * data source, with and without {@link JdbcRequestFilter} and the N+1 detector (as the auto-configuration builds
 * them with the default properties). Both sides share one {@link JdbcMetrics}, so the statements cost the same and
 * the difference is the accounting: opening and closing the request's {@code RequestQueries}, adding each
 * statement's shape to it, the {@code jdbc.request.queries} summary and the N+1 check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcRequestAccountingBenchmarks {

	private HikariDataSource pool;

	private DataSource starter;

	private ServerHttpObservationFilter baseline;

	private ServerHttpObservationFilter accounting;

	@Setup
	public void setUp() throws SQLException {
		this.pool = H2Products.pool("accounting");
		JdbcMetrics metrics = StarterComponents.jdbcMetrics(new SimpleMeterRegistry());
		this.starter = StarterComponents.jdbc(this.pool, metrics);
		this.baseline = StarterComponents.observationFilter();
		this.accounting = StarterComponents
			.observationFilter(new JdbcUnitListener(metrics, StarterComponents.nPlusOneDetector(metrics)));
	}

	@TearDown
	public void tearDown() {
		this.pool.close();
	}

	/** One request and response per thread, and the handler: three point selects. */
	@State(Scope.Thread)
	public static class Exchange implements FilterChain {

		final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");

		final MockHttpServletResponse response = new MockHttpServletResponse();

		DataSource dataSource;

		int stock;

		@Setup
		public void setUp(JdbcRequestAccountingBenchmarks benchmarks) {
			this.dataSource = benchmarks.starter;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) {
			// What Spring MVC leaves on the observation once a handler matched.
			ServerHttpObservationFilter.findObservationContext((HttpServletRequest) request)
				.ifPresent((context) -> context.setPathPattern("/orders/{id}"));
			try {
				this.stock = pointSelect(this.dataSource, 1) + pointSelect(this.dataSource, 2)
						+ pointSelect(this.dataSource, 3);
			}
			catch (SQLException ex) {
				throw new UncheckedIOException(new IOException(ex));
			}
		}

	}

	/**
	 * The baseline of the group: the request's three statements through the starter's proxy, inside Spring's
	 * observation of the request, no accounting.
	 */
	@Benchmark
	public int withoutAccounting(Exchange exchange) throws ServletException, IOException {
		this.baseline.doFilter(exchange.request, exchange.response, exchange);
		return exchange.stock;
	}

	/** The same request with the starter's unit of work accounting its statements, and the N+1 check. */
	@Benchmark
	public int withAccounting(Exchange exchange) throws ServletException, IOException {
		this.accounting.doFilter(exchange.request, exchange.response, exchange);
		return exchange.stock;
	}

	static int pointSelect(DataSource dataSource, long id) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(H2Products.QUERY)) {
			statement.setLong(1, id);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getInt(3);
			}
		}
	}

}

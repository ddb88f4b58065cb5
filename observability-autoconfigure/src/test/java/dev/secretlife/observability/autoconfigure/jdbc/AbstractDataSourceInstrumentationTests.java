package dev.secretlife.observability.autoconfigure.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the wrapped data source must do on any real database: count and time exactly what ran, stay transparent,
 * give every connection back. Subclasses name the database.
 */
abstract class AbstractDataSourceInstrumentationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class, MetricsAutoConfiguration.class,
				DataSourcePoolMetricsAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withUserConfiguration(RegistryConfiguration.class);

	/**
	 * Returns the properties that point {@code spring.datasource} at the database under test.
	 * @return property pairs
	 */
	protected abstract String[] databaseProperties();

	/**
	 * Returns the name of a table unique to this run, so that tests on a shared server never see each other.
	 * @param base the base name
	 * @return the table name
	 */
	protected String table(String base) {
		return base + "_" + Long.toHexString(System.nanoTime());
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.contextRunner.withPropertyValues(databaseProperties()).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	@Test
	void countsAndTimesEveryStatementPerOperationAndOutcome() {
		run((context) -> {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			String table = table("person");
			jdbc.sql("create table " + table + " (id int primary key, name varchar(50))").update();
			for (int i = 0; i < 3; i++) {
				jdbc.sql("insert into " + table + " (id, name) values (?, ?)").params(i, "name" + i).update();
			}
			jdbc.sql("select name from " + table + " where id = ?").param(1).query(String.class).single();
			jdbc.sql("select count(*) from " + table).query(Integer.class).single();
			jdbc.sql("update " + table + " set name = ? where id = ?").params("changed", 2).update();
			jdbc.sql("delete from " + table + " where id = ?").param(0).update();
			jdbc.sql("drop table " + table).update();
			assertThat(count(registry, "ddl", "SUCCESS")).isEqualTo(2);
			assertThat(count(registry, "insert", "SUCCESS")).isEqualTo(3);
			assertThat(count(registry, "update", "SUCCESS")).isEqualTo(1);
			assertThat(count(registry, "delete", "SUCCESS")).isEqualTo(1);
			assertThat(count(registry, "select", "SUCCESS")).isGreaterThanOrEqualTo(2);
			long selectsBefore = count(registry, "select", "SUCCESS");
			jdbc.sql("select 1").query(Integer.class).single();
			assertThat(count(registry, "select", "SUCCESS")).isEqualTo(selectsBefore + 1);
			for (String operation : List.of("ddl", "insert", "update", "delete", "select")) {
				Timer timer = timer(registry, operation, "SUCCESS");
				assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).as(operation).isPositive();
				assertThat(timer.max(TimeUnit.NANOSECONDS)).as(operation)
					.isLessThanOrEqualTo(timer.totalTime(TimeUnit.NANOSECONDS));
			}
			assertThat(registry.find("jdbc.query").tag("outcome", "ERROR").timers()).isEmpty();
		});
	}

	@Test
	void recordsABatchOfOneHundredInsertsAsOneExecutionOfSizeOneHundred() {
		run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			String table = table("batch");
			jdbc.execute("create table " + table + " (id int primary key)");
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				rows.add(new Object[] { i });
			}
			jdbc.batchUpdate("insert into " + table + " (id) values (?)", rows);
			assertThat(count(registry, "insert", "SUCCESS")).isEqualTo(1);
			DistributionSummary batchSize = registry.get("jdbc.batch.size")
				.tag("datasource", "dataSource")
				.tag("operation", "insert")
				.summary();
			assertThat(batchSize.count()).isEqualTo(1);
			assertThat(batchSize.totalAmount()).isEqualTo(100);
			assertThat(jdbc.queryForObject("select count(*) from " + table, Integer.class)).isEqualTo(100);
			jdbc.execute("drop table " + table);
		});
	}

	@Test
	void countsAFailingStatementAsErrorAndRethrowsTheSameException() {
		run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			String table = table("failing");
			jdbc.sql("create table " + table + " (id int primary key)").update();
			jdbc.sql("insert into " + table + " (id) values (1)").update();
			String duplicate = "insert into " + table + " (id) values (1)";
			Class<? extends SQLException> unwrapped = failureOf(pool, duplicate).getClass();
			assertThat(count(registry, "insert", "ERROR")).isZero();
			SQLException wrapped = failureOf(dataSource, duplicate);
			assertThat((Object) wrapped).isExactlyInstanceOf(unwrapped);
			assertThat(count(registry, "insert", "ERROR")).isEqualTo(1);
			assertThatThrownBy(() -> jdbc.sql("insert into " + table + " (id) values (?)").param(1).update())
				.isInstanceOf(org.springframework.dao.DuplicateKeyException.class)
				.hasRootCauseExactlyInstanceOf(unwrapped);
			assertThat(count(registry, "insert", "ERROR")).isEqualTo(2);
			assertThat(count(registry, "insert", "SUCCESS")).isEqualTo(1);
			jdbc.sql("drop table " + table).update();
		});
	}

	private static SQLException failureOf(DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			return ex;
		}
		throw new AssertionError("Statement did not fail: " + sql);
	}

	@Test
	void countsACallableStatementAsCall() {
		run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			try (Connection connection = dataSource.getConnection();
					CallableStatement call = connection.prepareCall("{call ABS(?)}")) {
				call.setInt(1, -5);
				assertThat(call.execute()).isTrue();
				try (ResultSet result = call.getResultSet()) {
					assertThat(result.next()).isTrue();
					assertThat(result.getInt(1)).isEqualTo(5);
				}
			}
			assertThat(count(registry, "call", "SUCCESS")).isEqualTo(1);
		});
	}

	@Test
	void rollbackStillRollsBack() {
		run((context) -> {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			String table = table("tx");
			jdbc.sql("create table " + table + " (id int primary key)").update();
			transactions.executeWithoutResult((status) -> {
				jdbc.sql("insert into " + table + " (id) values (1)").update();
				status.setRollbackOnly();
			});
			assertThatThrownBy(() -> transactions.executeWithoutResult((status) -> {
				jdbc.sql("insert into " + table + " (id) values (2)").update();
				throw new IllegalStateException("rollback");
			})).isInstanceOf(IllegalStateException.class);
			transactions.executeWithoutResult((status) -> jdbc.sql("insert into " + table + " (id) values (3)")
				.update());
			assertThat(jdbc.sql("select id from " + table).query(Integer.class).list()).containsExactly(3);
			jdbc.sql("drop table " + table).update();
		});
	}

	@Test
	void tenThousandBorrowAndCloseCyclesLeaveNoActiveConnection() {
		run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			for (int i = 0; i < 10_000; i++) {
				try (Connection connection = dataSource.getConnection()) {
					if (i % 1000 == 0) {
						try (Statement statement = connection.createStatement()) {
							statement.execute("select 1");
						}
					}
				}
			}
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
			assertThat(context.getBean(MeterRegistry.class).get("hikaricp.connections.active").gauge().value())
				.isZero();
		});
	}

	@Test
	void keepsHikariReachableForUnwrapPoolMetricsAndHealth() {
		run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ProxyDataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(pool.isRunning()).isTrue();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("hikaricp.connections").gauges()).isNotEmpty();
			assertThat(registry.find("hikaricp.connections.max").gauge().value()).isEqualTo(pool.getMaximumPoolSize());
			assertThat(registry.find("jdbc.connections.max").gauges()).isNotEmpty();
			var health = context.getBean("dbHealthContributor",
					org.springframework.boot.health.contributor.HealthIndicator.class).health(true);
			assertThat(health.getStatus().getCode()).isEqualTo("UP");
		});
	}

	@Test
	void tenThousandDistinctStatementsDoNotGrowTheNumberOfSeries() {
		run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			jdbc.queryForObject("select 0", Integer.class);
			int series = registry.find("jdbc.query").timers().size();
			int meters = registry.getMeters().size();
			for (int i = 1; i <= 10_000; i++) {
				jdbc.queryForObject("select " + i + " as value_" + i, Integer.class);
			}
			assertThat(registry.find("jdbc.query").timers()).hasSize(series);
			assertThat(registry.getMeters()).hasSize(meters);
		});
	}

	private static long count(MeterRegistry registry, String operation, String outcome) {
		Timer timer = registry.find("jdbc.query")
			.tag("datasource", "dataSource")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static Timer timer(MeterRegistry registry, String operation, String outcome) {
		return registry.get("jdbc.query").tag("operation", operation).tag("outcome", outcome).timer();
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

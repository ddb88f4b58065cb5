package dev.secretlife.observability.jdbc;

import java.lang.reflect.UndeclaredThrowableException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.transform.QueryTransformer;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DataSourceInstrumenter} on a real H2 database: the listeners see what datasource-proxy's own proxies would
 * show them, while the starter's proxies ({@link DirectJdbcProxyFactory}) skip datasource-proxy's per-call machinery.
 */
class DataSourceInstrumenterTests {

	private final List<String> seen = new ArrayList<>();

	private DataSource dataSource;

	private JdbcDataSource h2;

	@BeforeEach
	void setUp() throws SQLException {
		this.h2 = new JdbcDataSource();
		this.h2.setURL("jdbc:h2:mem:instrumenter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		try (Connection connection = this.h2.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(32))");
			statement.execute("INSERT INTO item VALUES (1, 'one'), (2, 'two')");
		}
		this.dataSource = new DataSourceInstrumenter(List.of(new Recording(this.seen))).instrument("items", this.h2);
	}

	@Test
	void listenersSeeEveryExecutionWithItsQueryParametersAndBatchSize() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
				select.setLong(1, 2);
				try (ResultSet row = select.executeQuery()) {
					assertThat(row.next()).isTrue();
					assertThat(row.getString(1)).isEqualTo("two");
				}
			}
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
				for (long id = 3; id <= 5; id++) {
					insert.setLong(1, id);
					insert.setString(2, "n" + id);
					insert.addBatch();
				}
				assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
			}
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("DELETE FROM item WHERE id = 5");
			}
			try (CallableStatement call = connection.prepareCall("CALL ABS(?)")) {
				call.setInt(1, -7);
				call.execute();
			}
		}
		assertThat(this.seen).containsExactly("items PREPARED SELECT name FROM item WHERE id = ? [2] batch=0 ok",
				"items PREPARED INSERT INTO item VALUES (?, ?) [3, n3] batch=3 ok",
				"items STATEMENT DELETE FROM item WHERE id = 5 [] batch=0 ok", "items CALLABLE CALL ABS(?) [-7] batch=0 ok");
	}

	@Test
	void parametersAreNotRecordedWhenOnlyTheStartersListenersRunWithoutLoggingThem() throws SQLException {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		List<String> parameters = new ArrayList<>();
		DataSource starterOnly = new DataSourceInstrumenter(List.of(new ParameterSeeing(registry, false, parameters)))
			.instrument("items", this.h2);
		selectAndInsertBatch(starterOnly);
		assertThat(parameters).containsExactly("SELECT name FROM item WHERE id = ? [[]]",
				"INSERT INTO item VALUES (?, ?) [[], [], []]");
		assertThat(registry.get(JdbcMetrics.BATCH_SIZE).summary().totalAmount()).isEqualTo(3);
	}

	@Test
	void parametersAreRecordedWhenSlowStatementsLogThem() throws SQLException {
		List<String> parameters = new ArrayList<>();
		DataSource logging = new DataSourceInstrumenter(
				List.of(new ParameterSeeing(new SimpleMeterRegistry(), true, parameters)))
			.instrument("items", this.h2);
		selectAndInsertBatch(logging);
		assertThat(parameters).containsExactly("SELECT name FROM item WHERE id = ? [[2]]",
				"INSERT INTO item VALUES (?, ?) [[3, n3], [4, n4], [5, n5]]");
	}

	private static void selectAndInsertBatch(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			try (PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
				select.setLong(1, 2);
				try (ResultSet row = select.executeQuery()) {
					assertThat(row.next()).isTrue();
					assertThat(row.getString(1)).isEqualTo("two");
				}
			}
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
				for (long id = 3; id <= 5; id++) {
					insert.setLong(1, id);
					insert.setString(2, "n" + id);
					insert.addBatch();
				}
				assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
			}
		}
	}

	@Test
	void callsNoListenerSeesReachTheDriverAndStatementsStillLeadBackToTheProxy() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			assertThat(connection.getAutoCommit()).isFalse();
			assertThat(connection.getMetaData().getURL()).startsWith("jdbc:h2:mem:instrumenter-");
			try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM item")) {
				select.setFetchSize(7);
				assertThat(select.getFetchSize()).isEqualTo(7);
				assertThat(select.getConnection()).isSameAs(connection);
				assertThat(select).isInstanceOf(ProxyJdbcObject.class);
				assertThat(select.isWrapperFor(org.h2.jdbc.JdbcPreparedStatement.class)).isTrue();
				select.executeQuery().close();
			}
			connection.commit();
			assertThat(connection).isInstanceOf(ProxyJdbcObject.class).isNotInstanceOf(JdbcConnection.class);
			assertThat(connection.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
			assertThat(connection.toString()).contains("JdbcConnection");
		}
		assertThat(this.seen).singleElement().asString().startsWith("items PREPARED SELECT COUNT(*) FROM item");
	}

	@Test
	void driverErrorsFromPassedThroughCallsAreThrownAsTheDriverThrewThem() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT 1")) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> select.setQueryTimeout(-1))
				.isNotInstanceOf(UndeclaredThrowableException.class);
			connection.close();
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::getAutoCommit);
		}
	}

	@Test
	void withAMethodListenerEveryCallGoesThroughDatasourceProxy() throws SQLException {
		List<String> methods = new ArrayList<>();
		ProxyDataSource proxy = new ProxyDataSource(this.h2);
		proxy.setProxyConfig(ProxyConfig.Builder.create()
			.jdbcProxyFactory(new DirectJdbcProxyFactory())
			.methodListener(new MethodExecutionListener() {

				@Override
				public void beforeMethod(MethodExecutionContext context) {
					methods.add(context.getMethod().getName());
				}

				@Override
				public void afterMethod(MethodExecutionContext context) {
				}

			})
			.build());
		try (Connection connection = proxy.getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT 1")) {
			connection.getAutoCommit();
			select.setFetchSize(3);
		}
		assertThat(methods).contains("getAutoCommit", "setFetchSize");
	}

	@Test
	void listenersSeeExactlyWhatDatasourceProxysOwnProxiesShowThem() throws SQLException {
		List<String> direct = new ArrayList<>();
		runEveryKindOfStatement(new DataSourceInstrumenter(List.of(new Detailed(direct))).instrument("items", this.h2));
		resetItems();
		List<String> datasourceProxy = new ArrayList<>();
		ProxyDataSource reference = new ProxyDataSource(this.h2);
		reference.setProxyConfig(ProxyConfig.Builder.create()
			.dataSourceName("items")
			.queryListener(new Detailed(datasourceProxy))
			.build());
		runEveryKindOfStatement(reference);
		assertThat(direct).hasSize(10).isEqualTo(datasourceProxy);
	}

	@Test
	void aConfigurationUsingAnotherDatasourceProxyFeatureGetsDatasourceProxysOwnProxies() throws SQLException {
		ProxyDataSource proxy = new ProxyDataSource(this.h2);
		proxy.setProxyConfig(ProxyConfig.Builder.create()
			.dataSourceName("items")
			.jdbcProxyFactory(new DirectJdbcProxyFactory())
			.queryTransformer((transformInfo) -> transformInfo.getQuery().replace("item", "ITEM"))
			.queryListener(new Recording(this.seen))
			.build());
		try (Connection connection = proxy.getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
			select.setLong(1, 1);
			select.executeQuery().close();
		}
		assertThat(this.seen).containsExactly("items PREPARED SELECT name FROM ITEM WHERE id = ? [1] batch=0 ok");
		assertThat(DirectJdbcProxyFactory.isDirect(ProxyConfig.Builder.create().build())).isTrue();
		assertThat(DirectJdbcProxyFactory.isDirect(ProxyConfig.Builder.create()
			.queryTransformer(QueryTransformer.DEFAULT)
			.autoRetrieveGeneratedKeys(true)
			.build())).isFalse();
	}

	@Test
	void proxiesAreEqualToThemselvesAndHashAsTheirTarget() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT 1")) {
			Object target = ((ProxyJdbcObject) select).getTarget();
			assertThat(select).isEqualTo(select).isNotEqualTo(connection);
			assertThat(select.hashCode()).isEqualTo(target.hashCode());
			assertThat(select.unwrap(org.h2.jdbc.JdbcPreparedStatement.class)).isSameAs(target);
			assertThat(select.toString()).isEqualTo(target.getClass().getSimpleName() + " [" + target + "]");
			assertThat(((ProxyJdbcObject) connection).getProxyConfig().getDataSourceName()).isEqualTo("items");
		}
	}

	/**
	 * Runs each kind of execution once: prepared with a parameter set twice and one cleared, a failing one, a plain
	 * one, a plain batch, a prepared batch, a callable, after a change of isolation level.
	 */
	private static void runEveryKindOfStatement(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
			try (PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ? OR id = ?")) {
				select.setLong(1, 7);
				select.setString(2, "2");
				select.setLong(1, 1);
				select.executeQuery().close();
				select.clearParameters();
				select.setNull(1, java.sql.Types.BIGINT);
				select.setLong(2, 2);
				select.executeQuery().close();
			}
			try (PreparedStatement failing = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
				failing.setString(1, "not a number");
				assertThatExceptionOfType(SQLException.class).isThrownBy(failing::executeQuery);
			}
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("UPDATE item SET name = 'uno' WHERE id = 1");
				statement.execute("SELECT * FROM item");
				statement.addBatch("INSERT INTO item VALUES (10, 'ten')");
				statement.addBatch("INSERT INTO item VALUES (11, 'eleven')");
				statement.executeBatch();
				statement.addBatch("INSERT INTO item VALUES (12, 'never')");
				statement.clearBatch();
				statement.executeBatch();
			}
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
				for (long id = 20; id <= 22; id++) {
					insert.setLong(1, id);
					insert.setString(2, "n" + id);
					insert.addBatch();
				}
				insert.executeBatch();
				insert.setLong(1, 23);
				insert.setString(2, "n23");
				insert.executeLargeUpdate();
			}
			try (CallableStatement call = connection.prepareCall("CALL ABS(?)")) {
				call.setInt(1, -7);
				call.execute();
			}
			connection.rollback();
		}
	}

	private void resetItems() throws SQLException {
		try (Connection connection = this.h2.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DELETE FROM item WHERE id > 2");
			statement.execute("UPDATE item SET name = 'one' WHERE id = 1");
		}
	}

	@Test
	void numbersConnectionsWithoutTrackingTheOpenOnes() {
		DataSourceInstrumenter.CountingConnectionIdManager ids = new DataSourceInstrumenter.CountingConnectionIdManager();
		assertThat(ids.getId(null)).isEqualTo("1");
		assertThat(ids.getId(null)).isEqualTo("2");
		ids.addClosedId("1");
		assertThat(ids.getOpenConnectionIds()).isEmpty();
	}

	@Test
	void theWrappedDataSourceCountsAsInstrumented() {
		assertThat(DataSourceInstrumenter.isInstrumented(this.dataSource)).isTrue();
		assertThat(DataSourceInstrumenter.isInstrumented(this.h2)).isFalse();
	}

	/**
	 * Writes down everything a listener can read of an execution that does not differ from run to run: not the
	 * elapsed time, the connection ID's value or the driver's objects.
	 */
	private record Detailed(List<String> seen) implements QueryExecutionListener {

		@Override
		public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			this.seen.add("before " + describe(execInfo, queryInfoList));
		}

		@Override
		public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			this.seen.set(this.seen.size() - 1, this.seen.get(this.seen.size() - 1) + " | after "
					+ describe(execInfo, queryInfoList) + " success=" + execInfo.isSuccess() + " thrown="
					+ ((execInfo.getThrowable() != null) ? execInfo.getThrowable().getClass().getSimpleName() : null)
					+ " result=" + ((execInfo.getResult() != null) ? execInfo.getResult().getClass().getSimpleName()
							: null)
					+ " elapsed>=0=" + (execInfo.getElapsedTime() >= 0));
		}

		private static String describe(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			return execInfo.getDataSourceName() + " connection=" + (execInfo.getConnectionId() != null) + " isolation="
					+ execInfo.getIsolationLevel() + " " + execInfo.getStatementType() + " "
					+ execInfo.getStatement().getClass().getSimpleName() + " " + execInfo.getMethod().getName()
					+ java.util.Arrays.toString(execInfo.getMethodArgs()) + " batch=" + execInfo.isBatch() + "/"
					+ execInfo.getBatchSize() + " queries=" + queryInfoList.stream()
						.map((query) -> query.getQuery() + " " + query.getParametersList()
							.stream()
							.map(DataSourceInstrumenterTests::describe)
							.toList())
						.toList();
		}

	}

	private static String describe(List<ParameterSetOperation> parameters) {
		return parameters.stream()
			.map((operation) -> operation.getMethod().getName() + java.util.Arrays.toString(operation.getArgs()))
			.collect(Collectors.joining(", ", "{", "}"));
	}

	/** The starter's statement listener, writing down the parameter values each execution was given. */
	private static final class ParameterSeeing extends JdbcQueryListener {

		private final List<String> parameters;

		ParameterSeeing(SimpleMeterRegistry registry, boolean logParameters, List<String> parameters) {
			super(new JdbcMetrics(() -> registry), new SqlShapes(), null, 100, logParameters);
			this.parameters = parameters;
		}

		@Override
		public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			QueryInfo query = queryInfoList.get(0);
			this.parameters.add(query.getQuery() + " " + query.getParametersList()
				.stream()
				.map((operations) -> operations.stream().map((operation) -> operation.getArgs()[1]).toList())
				.toList());
			super.afterQuery(execInfo, queryInfoList);
		}

	}

	/** Writes down each execution the way a listener receives it. */
	private record Recording(List<String> seen) implements QueryExecutionListener {

		@Override
		public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		}

		@Override
		public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			QueryInfo query = queryInfoList.get(0);
			List<Object> firstParameters = new ArrayList<>();
			if (!query.getParametersList().isEmpty()) {
				query.getParametersList()
					.get(0)
					.stream()
					.sorted((a, b) -> ((Integer) a.getArgs()[0]).compareTo((Integer) b.getArgs()[0]))
					.forEach((operation) -> firstParameters.add(operation.getArgs()[1]));
			}
			this.seen.add(execInfo.getDataSourceName() + " " + execInfo.getStatementType() + " " + query.getQuery()
					+ " " + firstParameters + " batch=" + execInfo.getBatchSize() + " "
					+ (execInfo.isSuccess() ? "ok" : "failed"));
		}

	}

}

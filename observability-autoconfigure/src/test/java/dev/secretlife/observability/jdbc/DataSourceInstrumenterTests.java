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

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DataSourceInstrumenter} on a real H2 database: what the listeners see is datasource-proxy's, while the calls
 * no listener sees go straight to the driver ({@link PassThroughJdbcProxyFactory}).
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
			.jdbcProxyFactory(new PassThroughJdbcProxyFactory())
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

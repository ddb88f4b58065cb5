package dev.secretlife.observability.jdbc;

import java.time.Duration;
import java.util.List;

import dev.secretlife.observability.unit.UnitOfWork;
import dev.secretlife.observability.unit.UnitStatements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.StatementType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class JdbcQueryListenerTests {

	@Test
	void neverThrowsEvenWhenRecordingFails() {
		JdbcMetrics broken = new JdbcMetrics(() -> {
			throw new IllegalStateException("no registry");
		});
		JdbcQueryListener listener = new JdbcQueryListener(broken, new SqlShapes(), Duration.ZERO, 100, false);
		assertThatNoException().isThrownBy(() -> listener.afterQuery(execution(true, 10), queries("select 1")));
	}

	@Test
	void addsToTheCurrentUnitOfWorkWithTheStatementShape() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		JdbcQueryListener listener = new JdbcQueryListener(new JdbcMetrics(() -> registry), new SqlShapes(), null, 100,
				false);
		UnitStatements request = new UnitStatements(true);
		try (UnitOfWork.Scope scope = new UnitOfWork(UnitOfWork.Kind.HTTP, request).enter(null)) {
			listener.afterQuery(execution(true, 1_000), queries("select * from t where id = 1"));
			listener.afterQuery(execution(false, 2_000), queries("select * from t where id = 2"));
		}
		assertThat(request.count()).isEqualTo(2);
		assertThat(request.nanos()).isEqualTo(3_000);
		assertThat(request.repeatedAtLeast(2)).singleElement()
			.isEqualTo(new UnitStatements.Repeated("ds", "select * from t where id = ?", 2));
		assertThat(registry.get("jdbc.query").tag("outcome", "ERROR").timer().count()).isEqualTo(1);
		assertThat(registry.find("jdbc.slow.queries").counters()).isEmpty();
	}

	@Test
	void takesEveryCallableStatementAsACall() {
		ExecutionInfo execution = execution(true, 1);
		execution.setStatementType(StatementType.CALLABLE);
		assertThat(JdbcQueryListener.operationOf(execution, "select f(?)")).isEqualTo(SqlOperation.CALL);
	}

	private static ExecutionInfo execution(boolean success, long nanos) {
		ExecutionInfo execution = new ExecutionInfo();
		execution.setDataSourceName("ds");
		execution.setSuccess(success);
		execution.setElapsedTime(nanos);
		execution.setStatementType(StatementType.PREPARED);
		return execution;
	}

	private static List<QueryInfo> queries(String sql) {
		return List.of(new QueryInfo(sql));
	}

}

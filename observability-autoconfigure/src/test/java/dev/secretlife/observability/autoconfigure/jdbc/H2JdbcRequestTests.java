package dev.secretlife.observability.autoconfigure.jdbc;

import dev.secretlife.observability.autoconfigure.jdbc.testapp.H2Functions;

/**
 * JDBC statements joined to their HTTP request, on an embedded H2 database.
 */
class H2JdbcRequestTests extends AbstractJdbcRequestTests {

	static String[] h2Properties(String name) {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
				"test.init-sql=CREATE ALIAS IF NOT EXISTS SLEEP_MS FOR '" + H2Functions.class.getName() + ".sleep'",
				"test.slow-query=select count(*) + SLEEP_MS(300) - 300 from book where title <> ?" };
	}

	@Override
	protected String[] databaseProperties() {
		return h2Properties("requests");
	}

	@Override
	protected String dbSystemName() {
		return "h2database";
	}

}

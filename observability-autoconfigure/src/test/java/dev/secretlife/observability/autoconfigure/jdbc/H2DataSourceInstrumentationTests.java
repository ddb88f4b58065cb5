package dev.secretlife.observability.autoconfigure.jdbc;

/**
 * The wrapped data source on an embedded H2 database.
 */
class H2DataSourceInstrumentationTests extends AbstractDataSourceInstrumentationTests {

	@Override
	protected String[] databaseProperties() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:instrumentation;DB_CLOSE_DELAY=-1" };
	}

}

package dev.secretlife.observability.autoconfigure.jdbc;

/**
 * The PostgreSQL the integration tests run against: its URL comes from the build (system property
 * {@value #URL_PROPERTY}, set by the failsafe configuration), which starts it with scripts/postgres.sh.
 */
final class PostgresTestDatabase {

	static final String URL_PROPERTY = "observability.test.postgres.url";

	private PostgresTestDatabase() {
	}

	static String url() {
		String url = System.getProperty(URL_PROPERTY);
		if (url == null || url.isBlank()) {
			throw new IllegalStateException("System property " + URL_PROPERTY
					+ " is not set: run the PostgreSQL tests with './mvnw verify', which starts the database "
					+ "(scripts/postgres.sh start) and sets it");
		}
		return url;
	}

	static String[] properties() {
		return new String[] { "spring.datasource.url=" + url(), "spring.datasource.username=postgres",
				"spring.datasource.password=" };
	}

}

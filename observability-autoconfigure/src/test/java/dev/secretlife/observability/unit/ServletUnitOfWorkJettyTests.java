package dev.secretlife.observability.unit;

/**
 * The servlet unit of work on Jetty, with the same requests as on Tomcat. Runs in the build's own {@code jetty} test
 * execution, whose class path has Spring Boot's Jetty support instead of Tomcat.
 */
class ServletUnitOfWorkJettyTests extends TomcatUnitOfWorkTests {

	@Override
	protected String server() {
		return "Jetty";
	}

}

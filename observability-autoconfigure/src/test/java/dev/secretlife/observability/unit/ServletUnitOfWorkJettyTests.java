package dev.secretlife.observability.unit;

import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;

/**
 * The servlet unit of work on Jetty. Runs in the build's own {@code jetty} test execution, whose class path has
 * Spring Boot's Jetty support instead of Tomcat.
 */
class ServletUnitOfWorkJettyTests extends AbstractRealServerUnitOfWorkTests {

	@Override
	protected ChildApplication start() throws Exception {
		return ChildApplication.start(ServletTestApplication.class, List.of(), ServletContainers.ARGUMENTS);
	}

	@Override
	protected String server() {
		return "Jetty";
	}

	@Override
	protected List<Expected> requests() {
		return ServletContainers.REQUESTS;
	}

	@Override
	protected Expected failing() {
		return ServletContainers.FAILING;
	}

}

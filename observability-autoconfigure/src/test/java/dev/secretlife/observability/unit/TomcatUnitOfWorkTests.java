package dev.secretlife.observability.unit;

import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;

/**
 * The servlet unit of work on Tomcat (the test class path's default server).
 */
class TomcatUnitOfWorkTests extends AbstractRealServerUnitOfWorkTests {

	@Override
	protected ChildApplication start() throws Exception {
		return ChildApplication.start(ServletTestApplication.class, List.of(), ServletContainers.ARGUMENTS);
	}

	@Override
	protected String server() {
		return "Tomcat";
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

package dev.secretlife.observability.unit;

import java.util.List;

import dev.secretlife.observability.testapp.servlet.ServletTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;

/**
 * The servlet unit of work on Tomcat (the test class path's default server); {@link ServletUnitOfWorkJettyTests}
 * runs the same requests on Jetty.
 */
class TomcatUnitOfWorkTests extends AbstractRealServerUnitOfWorkTests {

	@Override
	protected ChildApplication start() throws Exception {
		return ChildApplication.start(ServletTestApplication.class, List.of(),
				"--management.tracing.export.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus,errors");
	}

	@Override
	protected String server() {
		return "Tomcat";
	}

	@Override
	protected List<Expected> requests() {
		return List.of(new Expected("/orders/42", "/orders/{id}", 200, "uow-orders"),
				new Expected("/hello", "/hello", 200, "uow-hello"), new Expected("/fail", "/fail", 500, "uow-fail"),
				new Expected("/async", "/async", 200, "uow-async"),
				new Expected("/no/such/7", "/**", 404, "uow-404"));
	}

	@Override
	protected Expected failing() {
		return new Expected("/boom", "/boom", 500, "uow-boom");
	}

}

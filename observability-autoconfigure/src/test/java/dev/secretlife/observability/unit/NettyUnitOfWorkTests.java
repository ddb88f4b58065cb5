package dev.secretlife.observability.unit;

import java.util.List;

import dev.secretlife.observability.testapp.reactive.ReactiveTestApplication;
import dev.secretlife.observability.testsupport.ChildApplication;

/**
 * The reactive unit of work on Reactor Netty.
 */
class NettyUnitOfWorkTests extends AbstractRealServerUnitOfWorkTests {

	@Override
	protected ChildApplication start() throws Exception {
		return ChildApplication.start(ReactiveTestApplication.class, List.of(),
				"--management.tracing.export.enabled=false",
				"--management.endpoints.web.exposure.include=health,prometheus,errors");
	}

	@Override
	protected String server() {
		return "Netty";
	}

	@Override
	protected List<Expected> requests() {
		return List.of(new Expected("/items/7", "/items/{id}", 200, "uow-item"),
				new Expected("/gone", "/gone", 410, "uow-gone"), new Expected("/nothing/here", "/**", 404,
						"uow-404"));
	}

	@Override
	protected Expected failing() {
		return new Expected("/boom", "/boom", 500, "uow-boom");
	}

}

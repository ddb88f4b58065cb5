package dev.secretlife.observability.unit;

import java.util.List;

import dev.secretlife.observability.unit.AbstractRealServerUnitOfWorkTests.Expected;

/**
 * What the servlet unit-of-work tests send, the same on every container.
 */
final class ServletContainers {

	static final String[] ARGUMENTS = { "--management.tracing.export.enabled=false" };

	static final List<Expected> REQUESTS = List.of(new Expected("/orders/42", "/orders/{id}", 200, "uow-orders"),
			new Expected("/hello", "/hello", 200, "uow-hello"), new Expected("/fail", "/fail", 500, "uow-fail"),
			new Expected("/async", "/async", 200, "uow-async"), new Expected("/no/such/7", "/**", 404, "uow-404"));

	static final Expected FAILING = new Expected("/boom", "/boom", 500, "uow-boom");

	private ServletContainers() {
	}

}

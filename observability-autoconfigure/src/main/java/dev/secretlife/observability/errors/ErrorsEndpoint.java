package dev.secretlife.observability.errors;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code errors}: the {@link FailureTable}, the most recently seen failure first. It reveals the
 * application's exception classes, routes and task names, request and trace IDs and masked exception messages; not
 * exposed over the web unless the application says so ({@code management.endpoints.web.exposure.include}).
 */
@Endpoint(id = "errors")
public class ErrorsEndpoint {

	private final FailureTable table;

	public ErrorsEndpoint(FailureTable table) {
		this.table = table;
	}

	@ReadOperation
	public FailuresDescriptor failures() {
		List<FailureTable.Entry> entries = this.table.entries();
		return new FailuresDescriptor(entries.size(), this.table.evicted(), entries);
	}

	/**
	 * The endpoint's answer.
	 * @param fingerprints the number of distinct failures kept
	 * @param evicted how many were dropped to make room for new ones
	 * @param failures the failures, the most recently seen first
	 */
	public record FailuresDescriptor(int fingerprints, long evicted,
			List<FailureTable.Entry> failures) implements OperationResponseBody {
	}

}

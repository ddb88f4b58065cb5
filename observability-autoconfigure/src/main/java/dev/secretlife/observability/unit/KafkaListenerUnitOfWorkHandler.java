package dev.secretlife.observability.unit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.requestid.RequestIdResolver;
import io.micrometer.observation.Observation;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Makes each delivery of a Kafka record to a listener, as Spring Kafka observes it ({@code spring.kafka.listener}),
 * a {@link UnitOfWork}. Its ID is the producer's, read from the record's request ID header (or the trace baggage)
 * under the same rules as an HTTP request's: a missing, repeated or invalid value (CR/LF, over-long, not UTF-8) is
 * replaced by a generated ID and the record is handled normally. The trace is the producer's, continued by Spring
 * Boot's tracing handler from the record's trace headers. Its name is the topic; its outcome {@code SUCCESS}, or
 * {@code ERROR} when the listener threw.
 * <p>
 * A redelivered record (a retry after the listener threw) is a new unit with the same ID and trace: each delivery
 * has its own span and summary line.
 */
public final class KafkaListenerUnitOfWorkHandler extends AbstractUnitOfWorkHandler<KafkaRecordReceiverContext> {

	/** Outcome of a delivery the listener handled without throwing. */
	public static final String SUCCESS = "SUCCESS";

	/** Outcome of a delivery the listener threw on. */
	public static final String ERROR = "ERROR";

	private final @Nullable RequestIdResolver resolver;

	/**
	 * Creates the handler.
	 * @param support the shared support
	 * @param resolver resolves each record's ID from its headers, or {@code null} for units without an ID (request
	 * IDs switched off)
	 */
	public KafkaListenerUnitOfWorkHandler(UnitOfWorkSupport support, @Nullable RequestIdResolver resolver) {
		super(UnitOfWork.Kind.MESSAGE, support);
		this.resolver = resolver;
	}

	@Override
	protected void started(KafkaRecordReceiverContext context, UnitOfWork unit) {
		if (this.resolver != null) {
			Headers headers = context.getRecord().headers();
			unit.setRequestId(this.resolver.resolve((name) -> values(headers, name)).id());
		}
	}

	/**
	 * Returns the values of one header of a record, decoded as UTF-8: a value that is not valid UTF-8 decodes to
	 * replacement characters, which no valid ID contains.
	 */
	static List<String> values(Headers headers, String name) {
		List<String> values = null;
		for (Header header : headers.headers(name)) {
			if (values == null) {
				values = new ArrayList<>(1);
			}
			byte[] value = header.value();
			values.add((value != null) ? new String(value, StandardCharsets.UTF_8) : "");
		}
		return (values != null) ? values : List.of();
	}

	@Override
	protected @Nullable AutoCloseable openOnThread(UnitOfWork unit) {
		String id = unit.requestId();
		return (id != null) ? RequestId.open(id, support().requestIdMdcKey()) : null;
	}

	@Override
	protected void ended(KafkaRecordReceiverContext context, UnitOfWork unit) {
		Throwable error = context.getError();
		unit.endMessage(context.getSource(), context.getGroupId(), (error != null) ? ERROR : SUCCESS, error);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaRecordReceiverContext;
	}

}

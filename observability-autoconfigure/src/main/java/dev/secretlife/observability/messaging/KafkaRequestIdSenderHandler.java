package dev.secretlife.observability.messaging;

import java.nio.charset.StandardCharsets;

import dev.secretlife.observability.requestid.RequestId;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.kafka.common.header.Headers;

import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Puts the request ID of the unit of work that sends a record (the HTTP request, scheduled run or consumed message
 * being handled on the sending thread) in the record's request ID header, when Spring Kafka's template observes the
 * send ({@code spring.kafka.template}). A record sent outside any unit gets no header: no ID is invented for it. A
 * header the application set itself is left as it is.
 */
public final class KafkaRequestIdSenderHandler implements ObservationHandler<KafkaRecordSenderContext> {

	private final String header;

	/**
	 * Creates the handler.
	 * @param header the request ID header
	 */
	public KafkaRequestIdSenderHandler(String header) {
		this.header = header;
	}

	@Override
	public void onStart(KafkaRecordSenderContext context) {
		String id = RequestId.get();
		if (id == null) {
			return;
		}
		Headers headers = context.getRecord().headers();
		if (headers.lastHeader(this.header) == null) {
			headers.add(this.header, id.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaRecordSenderContext;
	}

}

package dev.secretlife.observability.messaging;

import dev.secretlife.observability.requestid.RequestId;
import dev.secretlife.observability.unit.UnitOfWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Lets Spring Kafka's template observe a send only when it happens within some work: a unit of work, a request ID
 * scope or another observation current on the sending thread. A record sent from nowhere (a main method, a thread of
 * its own) is not observed, so it carries no trace headers: the starter, which switched the template's observations
 * on, invents no trace for it, as it invents no request ID. Every other observation is left alone.
 */
public final class KafkaSendsWithinWorkPredicate implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!(context instanceof KafkaRecordSenderContext)) {
			return true;
		}
		return context.getParentObservation() != null || UnitOfWork.current() != null || RequestId.get() != null;
	}

}

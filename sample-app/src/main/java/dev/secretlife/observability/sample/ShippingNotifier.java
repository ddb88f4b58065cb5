package dev.secretlife.observability.sample;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Work that leaves the request thread: its log line still carries the request's ID and trace ID.
 */
@Component
class ShippingNotifier {

	private static final Logger log = LoggerFactory.getLogger(ShippingNotifier.class);

	@Async
	CompletableFuture<String> notifyWarehouse(long orderId) {
		log.atInfo().addKeyValue("orderId", orderId).log("Warehouse notified");
		return CompletableFuture.completedFuture(Thread.currentThread().getName());
	}

}

package dev.secretlife.observability.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A scheduled job, as every real service has one: each run is a unit of work of its own, with an ID and a trace, one
 * {@code observability.task} summary line and its statements counted in {@code jdbc.task.queries}.
 */
@Component
class StockAudit {

	private static final Logger log = LoggerFactory.getLogger(StockAudit.class);

	private final ProductRepository products;

	StockAudit(ProductRepository products) {
		this.products = products;
	}

	@Scheduled(initialDelayString = "${sample.stock-audit.initial-delay:5s}",
			fixedDelayString = "${sample.stock-audit.interval:60s}")
	void auditStock() {
		long low = this.products.findAll().stream().filter((product) -> product.getStock() < 5).count();
		log.info("stock audit: {} products low on stock", low);
	}

}

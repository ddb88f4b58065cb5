package dev.secretlife.observability.sample;

import io.micrometer.observation.annotation.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Business methods, measured with {@code @Observed}: one timer ({@code inventory.reserve}) and one span per call,
 * with no code of its own for either.
 */
@Service
class InventoryService {

	private static final Logger log = LoggerFactory.getLogger(InventoryService.class);

	private final ProductRepository products;

	private final OrderRepository orders;

	InventoryService(ProductRepository products, OrderRepository orders) {
		this.products = products;
		this.orders = orders;
	}

	@Observed(name = "inventory.reserve", contextualName = "reserve stock")
	@Transactional
	PurchaseOrder placeOrder(String customer, long productId, int quantity) {
		Product product = this.products.findById(productId).orElseThrow(() -> new ProductNotFoundException(productId));
		product.take(quantity);
		PurchaseOrder order = new PurchaseOrder(customer);
		order.add(product, quantity);
		PurchaseOrder saved = this.orders.save(order);
		log.atInfo()
			.addKeyValue("orderId", saved.getId())
			.addKeyValue("sku", product.getSku())
			.addKeyValue("quantity", quantity)
			.addKeyValue("totalCents", product.getPriceCents() * quantity)
			.log("Order placed");
		return saved;
	}

}

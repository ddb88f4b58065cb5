package dev.secretlife.observability.sample;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * One endpoint per feature of the starter; see the README's "Try it" section.
 */
@RestController
class ShopController {

	private static final Logger log = LoggerFactory.getLogger(ShopController.class);

	private final ProductRepository products;

	private final OrderRepository orders;

	private final InventoryService inventory;

	private final ShippingNotifier shipping;

	private final JdbcClient jdbc;

	private final RestClient peer;

	private final Environment environment;

	private final SlowQuery slowQuery;

	private final ApplicationEventPublisher events;

	ShopController(ProductRepository products, OrderRepository orders, InventoryService inventory,
			ShippingNotifier shipping, JdbcClient jdbc, RestClient.Builder restClient, SlowQuery slowQuery,
			Environment environment, ApplicationEventPublisher events) {
		this.products = products;
		this.orders = orders;
		this.inventory = inventory;
		this.shipping = shipping;
		this.jdbc = jdbc;
		this.peer = restClient.build();
		this.environment = environment;
		this.slowQuery = slowQuery;
		this.events = events;
	}

	/** A plain read: one SELECT. */
	@GetMapping("/products/{id}")
	ProductView product(@PathVariable long id) {
		return this.products.findById(id).map(ProductView::of).orElseThrow(() -> new ProductNotFoundException(id));
	}

	/** A write in a transaction, an {@code @Observed} business method, key-values in the log, and an async task. */
	@PostMapping("/orders")
	Map<String, Object> placeOrder(@RequestBody OrderRequest request) {
		PurchaseOrder order = this.inventory.placeOrder(request.customer(), request.productId(), request.quantity());
		this.shipping.notifyWarehouse(order.getId());
		this.events.publishEvent(new OrderEvents.OrderPlaced(order.getId()));
		return Map.of("orderId", order.getId());
	}

	/**
	 * A deliberate N+1: the orders are loaded with one query, then each order's lines and each line's product with
	 * one query per order. The starter logs a warning naming this route.
	 */
	@GetMapping("/orders")
	@Transactional(readOnly = true)
	List<OrderView> orders() {
		return this.orders.findAll().stream().map(OrderView::of).toList();
	}

	/** A query slow enough to cross the slow-query threshold. */
	@GetMapping("/reports/slow")
	Map<String, Object> slowReport() {
		return Map.of("products", this.slowQuery.run());
	}

	/** Counts with JdbcClient, to show that plain JDBC is measured like JPA. */
	@GetMapping("/reports/stock")
	Map<String, Object> stock() {
		long total = this.jdbc.sql("SELECT COALESCE(SUM(stock), 0) FROM product").query(Long.class).single();
		return Map.of("unitsInStock", total);
	}

	/**
	 * Fails with a 500 after one query: the error is logged with the request's IDs and counted as an error. With
	 * {@code observability.logging.buffer.level=DEBUG} its DEBUG line is written before the failure line, and at
	 * sampling 0 its trace (the query's span included) is kept all the same.
	 */
	@GetMapping("/fail")
	String fail() {
		long total = this.jdbc.sql("SELECT COALESCE(SUM(stock), 0) FROM product").query(Long.class).single();
		log.debug("Checked the stock before failing on purpose: {} units", total);
		throw new IllegalStateException("Deliberate failure to show how errors look");
	}

	/**
	 * Calls the peer service (another instance of this app, {@code sample.peer-url}) over RestClient: one request,
	 * one trace, two services.
	 */
	@GetMapping("/chain/{id}")
	Map<String, Object> chain(@PathVariable long id) {
		log.info("Asking the peer service for product {}", id);
		// Resolved per call: by default the peer is this very instance, whose port is known only once it runs.
		String peerUrl = this.environment.getRequiredProperty("sample.peer-url");
		ProductView product = this.peer.get().uri(peerUrl + "/products/{id}", id).retrieve().body(ProductView.class);
		return Map.of("product", product, "via", "peer");
	}

	record OrderRequest(String customer, long productId, int quantity) {
	}

	record ProductView(long id, String sku, String name, int stock) {

		static ProductView of(Product product) {
			return new ProductView(product.getId(), product.getSku(), product.getName(), product.getStock());
		}

	}

	record OrderView(long id, String customer, List<String> skus) {

		static OrderView of(PurchaseOrder order) {
			return new OrderView(order.getId(), order.getCustomer(),
					order.getLines().stream().map((line) -> line.getProduct().getSku()).toList());
		}

	}

}

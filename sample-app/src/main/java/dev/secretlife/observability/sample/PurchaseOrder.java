package dev.secretlife.observability.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String customer;

	private Instant createdAt;

	/** Lazy on purpose: iterating orders and touching their lines is the classic N+1 the starter detects. */
	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
	private List<OrderLine> lines = new ArrayList<>();

	protected PurchaseOrder() {
	}

	PurchaseOrder(String customer) {
		this.customer = customer;
		this.createdAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getCustomer() {
		return this.customer;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public List<OrderLine> getLines() {
		return this.lines;
	}

	void add(Product product, int quantity) {
		this.lines.add(new OrderLine(this, product, quantity));
	}

}

package dev.secretlife.observability.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "product")
public class Product {

	@Id
	private Long id;

	private String sku;

	private String name;

	private int stock;

	private long priceCents;

	protected Product() {
	}

	public Long getId() {
		return this.id;
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public int getStock() {
		return this.stock;
	}

	public long getPriceCents() {
		return this.priceCents;
	}

	void take(int quantity) {
		if (quantity > this.stock) {
			throw new OutOfStockException(this.sku, quantity, this.stock);
		}
		this.stock -= quantity;
	}

}

package dev.secretlife.observability.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.CONFLICT)
class OutOfStockException extends RuntimeException {

	OutOfStockException(String sku, int wanted, int available) {
		super("Not enough " + sku + ": wanted " + wanted + ", " + available + " available");
	}

}

package dev.secretlife.observability.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on its embedded defaults (H2, no collector): every endpoint answers as the README says, and the
 * starter's endpoints are exposed with no configuration of the sample's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.slow-query-seconds=0.05")
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	RestClient.Builder restClient;

	@Autowired
	org.springframework.context.ApplicationContext context;

	private RestClient client() {
		return this.restClient.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void runsWithoutAKafkaBrokerAndHasNoOrderEventsWithoutOne() {
		assertThat(this.context.getBeansOfType(OrderEvents.class)).isEmpty();
		ResponseEntity<Map<String, Object>> response = client().post().uri("/orders")
			.body(Map.of("customer", "no-broker", "productId", 2, "quantity", 1))
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(response.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void readsAProductAndEchoesARequestId() {
		ResponseEntity<Map<String, Object>> response = client().get().uri("/products/1").retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBody()).containsEntry("sku", "KB-01");
		assertThat(response.getHeaders().getFirst("X-Request-ID")).hasSize(36);
	}

	@Test
	void placesAnOrderInATransactionAndTakesStock() {
		int before = stockOf(2);
		ResponseEntity<Map<String, Object>> response = client().post().uri("/orders")
			.body(Map.of("customer", "test", "productId", 2, "quantity", 3))
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBody()).containsKey("orderId");
		assertThat(stockOf(2)).isEqualTo(before - 3);
	}

	@Test
	void refusesAnOrderBeyondStockAndRollsBack() {
		int before = stockOf(3);
		ResponseEntity<String> response = client().post().uri("/orders")
			.body(Map.of("customer", "test", "productId", 3, "quantity", 1_000_000))
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(409);
		assertThat(stockOf(3)).isEqualTo(before);
	}

	@Test
	void listsOrdersWithTheirLines() {
		List<Map<String, Object>> orders = client().get().uri("/orders").retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(orders).hasSizeGreaterThanOrEqualTo(12);
		assertThat(orders.get(0)).containsEntry("customer", "ada");
		assertThat((List<?>) orders.get(0).get("skus")).hasSize(2);
	}

	@Test
	void runsTheSlowReport() {
		assertThat(client().get().uri("/reports/slow").retrieve().body(Map.class)).containsEntry("products", 10);
	}

	@Test
	void failsWithA500() {
		assertThat(client().get().uri("/fail").retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(500);
	}

	@Test
	void chainsToThePeerServiceWithTheSameRequestId() {
		ResponseEntity<Map<String, Object>> response = client().get().uri("/chain/4")
			.header("X-Request-ID", "chain-test-1")
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getHeaders().getFirst("X-Request-ID")).isEqualTo("chain-test-1");
		assertThat(response.getBody()).containsEntry("via", "peer");
		assertThat(response.getBody().get("product")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("sku", "HD-04");
	}

	@Test
	void exposesPrometheusAndHealthWithNoConfigurationOfItsOwn() {
		assertThat(client().get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(200);
		String scrape = client().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("http_server_requests_seconds_count");
	}

	private int stockOf(long id) {
		Map<?, ?> product = client().get().uri("/products/{id}", id).retrieve().body(Map.class);
		return ((Number) product.get("stock")).intValue();
	}

}

package dev.secretlife.observability.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells whoever started the sample where to look, once it is ready.
 */
@Component
class WhereToLook {

	private static final Logger log = LoggerFactory.getLogger(WhereToLook.class);

	@EventListener
	void ready(ApplicationReadyEvent event) {
		int port = (event.getApplicationContext() instanceof WebServerApplicationContext web)
				? web.getWebServer().getPort() : 8080;
		String base = "http://localhost:" + port;
		log.atInfo()
			.addKeyValue("metrics", base + "/actuator/prometheus")
			.addKeyValue("try", String.join(" ", base + "/products/1", base + "/orders", base + "/reports/slow",
					base + "/fail", base + "/chain/1", "POST " + base + "/orders"))
			.log("Sample ready: metrics at {}/actuator/prometheus; try GET /products/1, GET /orders (N+1), "
					+ "GET /reports/slow (slow query), GET /fail (500), GET /chain/1 (two services), "
					+ "POST /orders {{\"customer\":\"ada\",\"productId\":1,\"quantity\":1}}", base);
	}

}

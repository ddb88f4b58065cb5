package dev.secretlife.observability.requestid;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Passes the current request ID on to outgoing {@code RestClient} and {@code RestTemplate} calls, unless the caller
 * already set the header itself.
 */
public final class RequestIdClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	public RequestIdClientHttpRequestInterceptor(String header) {
		this.header = header;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String id = RequestId.get();
		if (id != null && !request.getHeaders().containsHeader(this.header)) {
			request.getHeaders().set(this.header, id);
		}
		return execution.execute(request, body);
	}

}

package dev.secretlife.observability.autoconfigure.requestid;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for request IDs.
 */
@ConfigurationProperties("observability.request-id")
public class RequestIdProperties {

	/**
	 * Whether to give every HTTP request an ID.
	 */
	private boolean enabled = true;

	/**
	 * Header that carries the request ID, in requests, responses and outgoing calls.
	 */
	private String header = "X-Request-ID";

	/**
	 * Further headers accepted as the incoming request ID when the main header is absent, in order of preference.
	 */
	private List<String> additionalHeaders = new ArrayList<>();

	/**
	 * Maximum length of an accepted incoming ID. Longer values are replaced by a generated ID.
	 */
	private int maxLength = 128;

	/**
	 * Whether to use valid incoming IDs. Set to false on edge services so that every request gets a fresh ID.
	 */
	private boolean trustIncoming = true;

	/**
	 * Logging MDC key under which the request ID is put.
	 */
	private String mdcKey = "requestId";

	/**
	 * Whether to echo the request ID in the response header.
	 */
	private boolean responseHeader = true;

	/**
	 * Whether to pass the request ID on to outgoing calls made with RestClient, RestTemplate and WebClient built
	 * from Spring Boot's auto-configured builders.
	 */
	private boolean propagate = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHeader() {
		return this.header;
	}

	public void setHeader(String header) {
		this.header = header;
	}

	public List<String> getAdditionalHeaders() {
		return this.additionalHeaders;
	}

	public void setAdditionalHeaders(List<String> additionalHeaders) {
		this.additionalHeaders = additionalHeaders;
	}

	public int getMaxLength() {
		return this.maxLength;
	}

	public void setMaxLength(int maxLength) {
		this.maxLength = maxLength;
	}

	public boolean isTrustIncoming() {
		return this.trustIncoming;
	}

	public void setTrustIncoming(boolean trustIncoming) {
		this.trustIncoming = trustIncoming;
	}

	public String getMdcKey() {
		return this.mdcKey;
	}

	public void setMdcKey(String mdcKey) {
		this.mdcKey = mdcKey;
	}

	public boolean isResponseHeader() {
		return this.responseHeader;
	}

	public void setResponseHeader(boolean responseHeader) {
		this.responseHeader = responseHeader;
	}

	public boolean isPropagate() {
		return this.propagate;
	}

	public void setPropagate(boolean propagate) {
		this.propagate = propagate;
	}

}

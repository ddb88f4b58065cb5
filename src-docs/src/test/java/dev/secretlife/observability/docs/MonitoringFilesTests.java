package dev.secretlife.observability.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Grafana dashboard and data-source files say what they show: no panel overlaps another, every variable
 * is used and every variable used is defined, trace links sit on exemplars only (through the Prometheus data
 * source's exemplar destination, for Zipkin or for Tempo) and not on every series, and the 5xx panel plots 5xx
 * only. The e2e run evaluates every expression against a live Prometheus; this checks the rest without one.
 */
class MonitoringFilesTests {

	private static final Path MONITORING = Path.of("monitoring");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

	private final JsonNode dashboard = readDashboard();

	@Test
	void noPanelOverlapsAnother() {
		List<int[]> boxes = new ArrayList<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			JsonNode grid = panel.path("gridPos");
			int[] box = { grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(),
					grid.path("h").asInt() };
			assertThat(box[0] + box[2]).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
			for (int[] other : boxes) {
				boolean overlaps = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
						&& box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
				assertThat(overlaps).as(panel.path("title").asString() + " overlaps a panel above it").isFalse();
			}
			boxes.add(box);
		}
	}

	@Test
	void everyVariableIsDefinedAndUsed() {
		List<String> defined = new ArrayList<>();
		this.dashboard.path("templating").path("list").forEach((variable) -> defined.add(variable.path("name").asString()));
		String panels = this.dashboard.path("panels").toString();
		List<String> used = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(panels);
		while (matcher.find()) {
			if (!matcher.group(1).startsWith("__")) {
				used.add(matcher.group(1));
			}
		}
		assertThat(defined).as("defined variables").allSatisfy((name) -> assertThat(used).as(name).contains(name));
		assertThat(used).as("used variables").allSatisfy((name) -> assertThat(defined).contains(name));
	}

	@Test
	void traceLinksAreOnExemplarsOnlyNotOnEverySeries() {
		for (JsonNode panel : this.dashboard.path("panels")) {
			assertThat(panel.path("fieldConfig").path("defaults").path("links").toString())
				.as(panel.path("title").asString())
				.doesNotContain("trace");
		}
		List<String> exemplarPanels = new ArrayList<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				if (target.path("exemplar").asBoolean(false)) {
					exemplarPanels.add(panel.path("title").asString());
				}
			}
		}
		assertThat(exemplarPanels).as("panels that show exemplars").isNotEmpty();
	}

	@Test
	void theErrorRatioPanelPlotsServerErrorsOnly() {
		JsonNode errorRatio = null;
		for (JsonNode panel : this.dashboard.path("panels")) {
			if (panel.path("title").asString().equals("Error ratio (5xx)")) {
				errorRatio = panel;
			}
		}
		assertThat(errorRatio).isNotNull();
		assertThat(errorRatio.path("targets")).isNotEmpty().allSatisfy((target) -> assertThat(target.path("expr").asString())
			.contains("status=~\"5..\""));
	}

	@Test
	void zipkinAndTempoDataSourcesLinkExemplarsByTheirTraceIdLabel() throws IOException {
		assertThat(exemplarDestination("grafana-datasources.yml")).isEqualTo(Map.of("zipkin", "zipkin"));
		assertThat(exemplarDestination("grafana-datasources-tempo.yml")).isEqualTo(Map.of("tempo", "tempo"));
	}

	/**
	 * Returns the exemplar destination of the Prometheus data source (its data source uid) and the type of the data
	 * source with that uid.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> exemplarDestination(String file) throws IOException {
		Map<String, Object> provisioning = new Yaml().load(Files.readString(MONITORING.resolve(file)));
		List<Map<String, Object>> sources = (List<Map<String, Object>>) provisioning.get("datasources");
		Map<String, Object> prometheus = sources.stream()
			.filter((source) -> "prometheus".equals(source.get("type")))
			.findFirst()
			.orElseThrow();
		List<Map<String, Object>> destinations = (List<Map<String, Object>>) ((Map<String, Object>) prometheus
			.get("jsonData")).get("exemplarTraceIdDestinations");
		assertThat(destinations).singleElement().satisfies((destination) -> assertThat(destination).containsEntry("name", "trace_id"));
		String uid = (String) destinations.get(0).get("datasourceUid");
		String type = sources.stream()
			.filter((source) -> uid.equals(source.get("uid")))
			.map((source) -> (String) source.get("type"))
			.findFirst()
			.orElseThrow();
		return Map.of(uid, type);
	}

	private static JsonNode readDashboard() {
		try {
			return new ObjectMapper().readTree(Files.readString(MONITORING.resolve("grafana-dashboard.json")));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.secretlife.observability.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the reference documentation in step with the code: every property in the generated IDE metadata has a
 * description there, and a row in the configuration properties page.
 */
class DocumentedPropertiesTests {

	private static final Path PROPERTIES_PAGE = Path.of("src/docs/configuration-properties.md");

	@Test
	void everyStarterPropertyHasADescriptionInTheIdeMetadata() throws IOException {
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : properties()) {
			JsonNode description = property.get("description");
			if (description == null || description.asString().isBlank()) {
				undocumented.add(property.get("name").asString());
			}
		}
		assertThat(undocumented).isEmpty();
	}

	@Test
	void everyStarterPropertyHasARowInTheConfigurationPropertiesPage() throws IOException {
		String page = Files.readString(PROPERTIES_PAGE);
		List<String> missing = new ArrayList<>();
		for (JsonNode property : properties()) {
			String name = property.get("name").asString();
			if (!page.contains("| `" + name + "` |")) {
				missing.add(name);
			}
		}
		assertThat(missing).as("properties missing from %s", PROPERTIES_PAGE).isEmpty();
	}

	private static List<JsonNode> properties() throws IOException {
		try (InputStream metadata = DocumentedPropertiesTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("the starter's generated configuration metadata").isNotNull();
			List<JsonNode> properties = new ArrayList<>();
			new ObjectMapper().readTree(metadata).get("properties").forEach((property) -> {
				if (property.get("name").asString().startsWith("observability.")) {
					properties.add(property);
				}
			});
			assertThat(properties).isNotEmpty();
			return properties;
		}
	}

}

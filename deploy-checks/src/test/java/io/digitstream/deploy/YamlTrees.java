package io.digitstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML to Jackson trees. SnakeYAML does the parsing because it resolves merge keys ({@code <<: *anchor}), which
 * docker-compose.yml uses and Jackson's YAML parser leaves unresolved; Jackson trees are easier to walk.
 */
final class YamlTrees {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

    private YamlTrees() {
    }

    static JsonNode parse(String text) {
        return MAPPER.valueToTree(newYaml().load(text));
    }

    /** Every non-empty document of a multi-document stream (kubectl kustomize output). */
    static List<JsonNode> parseAll(String text) {
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : newYaml().loadAll(text)) {
            if (document != null) {
                documents.add(MAPPER.valueToTree(document));
            }
        }
        return documents;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        // Rendered manifests embed the dashboards' JSON: allow more than SnakeYAML's default 3 MB.
        options.setCodePointLimit(MAX_CODE_POINTS);
        return new Yaml(new SafeConstructor(options));
    }
}

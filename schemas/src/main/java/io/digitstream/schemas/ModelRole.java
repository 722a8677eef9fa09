package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Which of the loaded model sets made an answer: the champion decides (ensemble, review queue, DLQ); a challenger runs
 * on the same batches in the shadow and is only scored.
 */
public enum ModelRole {
    CHAMPION("champion"),
    CHALLENGER("challenger");

    private final String wireName;

    ModelRole(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ModelRole fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role must be champion or challenger but was '" + name + "'"));
    }
}

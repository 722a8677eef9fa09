package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The recipe's defaults in code (which the trainer uses to read reviewed scans) are the service's defaults in
 * application.properties, so a scan the trainer learns from is seen as a default service sees it.
 */
class RecipeDefaultsTest {

    @Test
    void codeDefaultsAreTheServicesDefaults() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = RecipeDefaultsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        ImageLimits configured = new ImageLimits(
                Integer.parseInt(properties.getProperty("digitstream.limits.max-payload-bytes")),
                Integer.parseInt(properties.getProperty("digitstream.limits.max-image-width")),
                Integer.parseInt(properties.getProperty("digitstream.limits.max-image-height")),
                Long.parseLong(properties.getProperty("digitstream.limits.max-image-pixels")),
                Long.parseLong(properties.getProperty("digitstream.limits.max-decode-pixels")));
        assertEquals(configured, ImageLimits.DEFAULTS);
        assertEquals(Double.parseDouble(properties.getProperty("digitstream.preprocess.ink-threshold")),
                MnistNormalizer.DEFAULT_INK_THRESHOLD);
    }
}

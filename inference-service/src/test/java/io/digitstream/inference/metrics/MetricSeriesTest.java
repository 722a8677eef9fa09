package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.schemas.ModelRole;
import org.junit.jupiter.api.Test;

class MetricSeriesTest {

    @Test
    void aKeyNamesRoleModelAndVersionAndReadsBack() {
        MetricSeries series = new MetricSeries(ModelRole.CHALLENGER, "cnn", "20261130-091500-standard");
        assertEquals("challenger:cnn@20261130-091500-standard", series.key());
        assertEquals(series, MetricSeries.parse(series.key()));
        assertEquals("challenger:cnn", series.displayName());
        assertEquals("cnn", new MetricSeries(ModelRole.CHAMPION, "cnn", "v1").displayName());
        // A version may hold '@' or ':' (any text up to 64 characters); model names never do.
        assertEquals(new MetricSeries(ModelRole.CHAMPION, "ensemble", "run@1:2"),
                MetricSeries.parse("champion:ensemble@run@1:2"));
    }

    @Test
    void aBareModelNameFromBeforeSeriesIsTheChampionsOfUnknownVersion() {
        assertEquals(new MetricSeries(ModelRole.CHAMPION, "mlp", null), MetricSeries.parse("mlp"));
    }

    @Test
    void halfAKeyOrAnUnknownRoleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MetricSeries.parse("champion:cnn"));
        assertThrows(IllegalArgumentException.class, () -> MetricSeries.parse("cnn@v1"));
        assertThrows(IllegalArgumentException.class, () -> MetricSeries.parse("shadow:cnn@v1"));
    }
}

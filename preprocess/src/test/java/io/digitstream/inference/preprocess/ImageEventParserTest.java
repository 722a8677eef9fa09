package io.digitstream.inference.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventTimeWindow;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ImageEventParserTest {

    private static final String VALID = """
            {"schemaVersion":1,"id":"scan-42","capturedAt":"2026-01-01T10:00:00Z","encoding":"raw",
             "width":28,"height":28,"data":"AAEC"}""";

    /** The events below were captured on 2026-01-01; the parser checks capturedAt against this processing time. */
    private static final Clock PROCESSING_CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC);
    /** application.properties' digitstream.time.max-age and max-future-skew. */
    private static final EventTimeWindow TIME_WINDOW = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));
    private final ImageEventParser parser = new ImageEventParser(new ImageLimits(4096, 1024, 1024, 1 << 20, 1 << 20),
            ImageEventParser.SchemaCheck.ALWAYS, TIME_WINDOW, PROCESSING_CLOCK);

    @Test
    void validEventIsRead() throws Exception {
        DigitImage image = parser.parse(utf8(VALID));

        assertEquals("scan-42", image.id());
        assertEquals(ImageEncoding.RAW, image.encoding());
        assertEquals(28, image.width());
    }

    @Test
    void textThatIsNotJsonIsInvalidJson() {
        assertReason(DlqReason.INVALID_JSON, utf8("{\"id\": \"scan-1\", "));
    }

    @Test
    void jsonThatIsNotAnObjectIsASchemaViolation() {
        // JSON, but not an event: the reason the contract's example not-an-object.json gets from the serde.
        assertReason(DlqReason.SCHEMA_VIOLATION, utf8("[1, 2, 3]"));
    }

    @Test
    void missingFieldIsASchemaViolationNamingTheField() {
        InvalidEventException e = assertReason(DlqReason.SCHEMA_VIOLATION, utf8(VALID.replace("\"width\":28,", "")));

        assertTrue(e.getMessage().contains("width"), e.getMessage());
    }

    @Test
    void unknownEncodingIsASchemaViolation() {
        assertReason(DlqReason.SCHEMA_VIOLATION, utf8(VALID.replace("\"raw\"", "\"gif\"")));
    }

    @Test
    void unknownFieldIsASchemaViolation() {
        assertReason(DlqReason.SCHEMA_VIOLATION, utf8(VALID.replace("\"id\"", "\"colour\":\"red\",\"id\"")));
    }

    @Test
    void payloadOverTheLimitIsRefusedBeforeParsing() {
        byte[] big = new byte[4097];

        assertReason(DlqReason.PAYLOAD_TOO_LARGE, big);
    }

    @Test
    void tombstoneIsInvalidJson() {
        assertReason(DlqReason.INVALID_JSON, null);
    }

    @Test
    void capturedAtThatTheSchemaAcceptsButNoClockCouldHaveWrittenIsImplausible() throws Exception {
        for (String time : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2025-12-01T09:59:59Z",
                "2026-01-01T10:06:00.001Z"}) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> parser.parse(utf8(VALID.replace("2026-01-01T10:00:00Z", time))));
            assertEquals(DlqReason.IMPLAUSIBLE_TIME, e.reason(), time);
            assertTrue(e.getMessage().startsWith("capturedAt " + Instant.parse(time)), e.getMessage());
        }
        assertEquals("scan-42", parser.parse(utf8(VALID.replace("2026-01-01T10:00:00Z", "2026-01-01T10:06:00Z")),
                Instant.parse("2026-01-01T10:01:00Z")).id(), "five minutes ahead is still plausible");
    }

    @Test
    void schemaCheckOnParseFailureStillNamesTheViolations() throws Exception {
        ImageEventParser lenient = new ImageEventParser(new ImageLimits(4096, 1024, 1024, 1 << 20, 1 << 20),
                ImageEventParser.SchemaCheck.ON_PARSE_FAILURE, TIME_WINDOW, PROCESSING_CLOCK);

        assertEquals("scan-42", lenient.parse(utf8(VALID)).id());
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> lenient.parse(utf8(VALID.replace("\"width\":28,", ""))));
        assertEquals(DlqReason.SCHEMA_VIOLATION, e.reason());
        assertTrue(e.getMessage().contains("width"), e.getMessage());
    }

    private InvalidEventException assertReason(DlqReason reason, byte[] value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> parser.parse(value));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

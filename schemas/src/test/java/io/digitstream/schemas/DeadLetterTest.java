package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final DeadLetter.Source SOURCE = new DeadLetter.Source(Topics.IMAGES, 2, 41);
    private static final int BUDGET = 1024 * 1024;

    @Test
    void aRecordThatFitsKeepsItsKeyValueAndHeadersAndGainsTheDlqHeaders() {
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        Headers original = new RecordHeaders().add("traceparent", utf8("00-abc-01"));
        DeadLetter letter = DeadLetter.of(SOURCE, "img-1", value, original, DlqReason.INVALID_JSON, "not JSON", BUDGET);

        assertEquals("img-1", letter.key());
        assertArrayEquals(value, letter.value());
        assertEquals("00-abc-01", text(letter.headers(), "traceparent"));
        assertEquals("invalid-json", text(letter.headers(), DlqHeaders.REASON));
        assertEquals("not JSON", text(letter.headers(), DlqHeaders.DETAIL));
        assertEquals(Topics.IMAGES, text(letter.headers(), DlqHeaders.TOPIC));
        assertEquals("2", text(letter.headers(), DlqHeaders.PARTITION));
        assertEquals("41", text(letter.headers(), DlqHeaders.OFFSET));
        assertNull(letter.headers().lastHeader(DlqHeaders.Truncation.TRUNCATED));
        assertValidHeaders(letter);
    }

    @Test
    void aHugeDetailIsCutToTheSchemaLimitAndSaysHowMuchWasCut() {
        String detail = "$.data: does not match the base64 pattern; ".repeat(30_000);
        DeadLetter letter = DeadLetter.of(SOURCE, "img-1", new byte[10], null, DlqReason.SCHEMA_VIOLATION, detail,
                BUDGET);

        String written = text(letter.headers(), DlqHeaders.DETAIL);
        assertEquals(DeadLetter.MAX_DETAIL_CHARS, written.length());
        assertTrue(written.startsWith("$.data: does not match"), written.substring(0, 40));
        int cut = detail.length() - written.indexOf(" [... ");
        assertTrue(written.endsWith("[... " + cut + " more characters cut]"), written.substring(written.length() - 60));
        assertValidHeaders(letter);
    }

    @Test
    void aBlankOrMissingDetailStillSatisfiesTheSchema() {
        assertEquals("(no detail)", DeadLetter.cappedDetail(null));
        assertEquals("(no detail)", DeadLetter.cappedDetail("  "));
        assertEquals("short", DeadLetter.cappedDetail("short"));
    }

    @Test
    void aDetailCutInsideASurrogatePairStaysValidText() {
        String detail = "\uD83D\uDE00".repeat(DeadLetter.MAX_DETAIL_CHARS);
        String written = DeadLetter.cappedDetail(detail);
        assertTrue(written.length() <= DeadLetter.MAX_DETAIL_CHARS);
        int markAt = written.indexOf(" [... ");
        assertTrue(!Character.isHighSurrogate(written.charAt(markAt - 1)), "no lone high surrogate before the mark");
    }

    @Test
    void anOriginalThatDoesNotFitLosesItsHeadersFirstThenTheTailOfItsValueAndSaysSo() {
        byte[] value = new byte[BUDGET];
        Arrays.fill(value, (byte) 'x');
        Headers original = new RecordHeaders().add("big", new byte[200_000]);
        DeadLetter letter = DeadLetter.of(SOURCE, "img-2", value, original, DlqReason.PAYLOAD_TOO_LARGE, "too big",
                BUDGET);

        int size = DeadLetter.sizeInBytes(letter.key(), letter.value(), letter.headers().toArray());
        assertTrue(size <= BUDGET, "dead letter of " + size + " bytes over the budget of " + BUDGET);
        assertTrue(size > BUDGET - 64, "keeps as much of the value as fits: " + size);
        assertNull(letter.headers().lastHeader("big"));
        assertEquals("headers,value", text(letter.headers(), DlqHeaders.Truncation.TRUNCATED));
        assertEquals(Integer.toString(BUDGET), text(letter.headers(), DlqHeaders.Truncation.ORIGINAL_SIZE));
        assertEquals(DeadLetter.sha256(value), text(letter.headers(), DlqHeaders.Truncation.ORIGINAL_SHA256));
        assertArrayEquals(Arrays.copyOf(value, letter.value().length), letter.value(), "a prefix of the original");
        assertValidHeaders(letter);
    }

    @Test
    void droppingTheHeadersIsEnoughWhenTheValueFitsAlone() {
        byte[] value = new byte[BUDGET / 2];
        Headers original = new RecordHeaders();
        for (int i = 0; i < 100; i++) {
            original.add("h" + i, new byte[10_000]);
        }
        DeadLetter letter = DeadLetter.of(SOURCE, "img-3", value, original, DlqReason.PAYLOAD_TOO_LARGE, "too big",
                BUDGET);

        assertArrayEquals(value, letter.value());
        assertEquals("headers", text(letter.headers(), DlqHeaders.Truncation.TRUNCATED));
        assertValidHeaders(letter);
    }

    @Test
    void anOverlongKeyIsReplacedByItsHash() {
        String key = "k".repeat(100_000);
        DeadLetter letter = DeadLetter.of(SOURCE, key, new byte[1], null, DlqReason.SCHEMA_VIOLATION, "bad key",
                BUDGET);

        assertEquals("sha256:" + DeadLetter.sha256(key.getBytes(StandardCharsets.UTF_8)), letter.key());
        assertEquals("key", text(letter.headers(), DlqHeaders.Truncation.TRUNCATED));
        assertValidHeaders(letter);
    }

    @Test
    void aTombstoneStaysATombstone() {
        DeadLetter letter = DeadLetter.of(SOURCE, "img-4", null, null, DlqReason.INVALID_JSON, "tombstone", BUDGET);
        assertNull(letter.value());
        assertValidHeaders(letter);
    }

    @Test
    void everyBudgetFromTheMinimumUpIsRespected() {
        byte[] value = new byte[3 * 1024 * 1024];
        for (int budget : List.of(DeadLetter.MIN_RECORD_BYTES, 100_000, 1_000_001, 2 * 1024 * 1024)) {
            DeadLetter letter = DeadLetter.of(SOURCE, "img-5", value, null, DlqReason.PAYLOAD_TOO_LARGE,
                    "\u00e9".repeat(20_000), budget);
            int size = DeadLetter.sizeInBytes(letter.key(), letter.value(), letter.headers().toArray());
            assertTrue(size <= budget, size + " bytes over a budget of " + budget);
            assertValidHeaders(letter);
        }
        assertThrows(IllegalArgumentException.class, () -> DeadLetter.of(SOURCE, "k", value, null,
                DlqReason.PAYLOAD_TOO_LARGE, "x", DeadLetter.MIN_RECORD_BYTES - 1));
    }

    private static void assertValidHeaders(DeadLetter letter) {
        ObjectNode json = EventJson.mapper().createObjectNode();
        for (Header header : letter.headers()) {
            json.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), EventSchemas.shared().dlqHeaderViolations(json));
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

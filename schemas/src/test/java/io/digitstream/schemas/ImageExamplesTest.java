package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The image examples hold real images whose size matches what the event declares. */
class ImageExamplesTest {

    static Stream<Path> validImages() {
        return Stream.concat(Examples.files("valid", Topics.IMAGES).stream(), reviewImages());
    }

    /** The review examples that embed their image (the others carry an imageRef instead). */
    private static Stream<Path> reviewImages() {
        return Examples.files("valid", Topics.REVIEW).stream().filter(file -> new ReviewItemSerde.Deserializer()
                .deserialize(Topics.REVIEW, Examples.bytes(file)).image() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validImages")
    void imageDataMatchesTheDeclaredEncodingAndSize(Path file) throws IOException {
        DigitImage image = file.getParent().getFileName().toString().equals(Topics.REVIEW)
                ? new ReviewItemSerde.Deserializer().deserialize(Topics.REVIEW, Examples.bytes(file)).image()
                : new DigitImageSerde.Deserializer().deserialize(Topics.IMAGES, Examples.bytes(file));
        byte[] bytes = image.decodeData();
        if (image.encoding() == ImageEncoding.RAW) {
            assertEquals(image.width() * image.height(), bytes.length);
            return;
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(decoded, () -> file + " is not a readable " + image.encoding().wireName());
        assertEquals(List.of(image.width(), image.height()), List.of(decoded.getWidth(), decoded.getHeight()));
        String format = ImageIO.getImageReaders(ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)))
                .next().getFormatName().toLowerCase();
        assertEquals(image.encoding().wireName(), format);
    }
}

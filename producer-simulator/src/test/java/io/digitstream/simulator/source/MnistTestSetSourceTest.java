package io.digitstream.simulator.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MnistTestSetSourceTest {

    private final MnistSplit split = TestDigits.split(3);

    @Test
    void rawImagesAreTheTestSetBytesInOrderAndStartOver() {
        MnistTestSetSource source = new MnistTestSetSource(split, ImageEncoding.RAW);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                SourceImage image = source.next();
                assertEquals(ImageEncoding.RAW, image.encoding());
                assertEquals(28, image.width());
                assertEquals(i, image.label());
                assertArrayEquals(split.images().image(i), image.data());
            }
        }
    }

    @Test
    void pngImagesDecodeToTheSamePixels() throws IOException {
        SourceImage image = new MnistTestSetSource(split, ImageEncoding.PNG).next();

        assertEquals(ImageEncoding.PNG, image.encoding());
        byte[] decoded = GrayscaleImages.toBytes(GrayscaleImages.decode(image.data(), image.origin()));
        assertArrayEquals(split.images().image(0), decoded, "PNG is lossless and keeps MNIST polarity");
    }

    @Test
    void jpegIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MnistTestSetSource(split, ImageEncoding.JPEG));
    }
}

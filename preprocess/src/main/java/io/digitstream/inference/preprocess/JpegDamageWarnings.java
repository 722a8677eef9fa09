package io.digitstream.inference.preprocess;

import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Listens to a JPEG reader for damage it only warns about. The JPEG library decodes what it can of a damaged file (cut
 * short, a bad Huffman code, missing restart markers), reports the damage as a warning and fills the rest of the image
 * with grey, so without this a truncated scan would be predicted from grey fill.
 *
 * <p>Every warning of the JPEG library counts as damage: its warnings are about the compressed data, and it reports
 * only the first one per image, so none can be waved through without hiding the ones after it. The JDK's reader adds
 * three warnings of its own, about metadata, that lose no pixel; those are tolerated.
 */
final class JpegDamageWarnings implements IIOReadWarningListener {

    private static final Set<String> METADATA_ONLY = Set.of(
            // Only the end-of-image marker is missing; a cut inside the image data also gets the library's warning.
            "Truncated File - Missing EOI marker",
            "JFIF markers not allowed in JFIF JPEG thumbnail; ignored",
            "Embedded color profile is invalid; ignored");

    private String firstDamage;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        if (firstDamage == null && !METADATA_ONLY.contains(warning)) {
            firstDamage = warning;
        }
    }

    /** The first warning that means lost image data, or null when the image decoded whole. */
    String firstDamage() {
        return firstDamage;
    }
}

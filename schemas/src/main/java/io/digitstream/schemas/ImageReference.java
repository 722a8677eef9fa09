package io.digitstream.schemas;

/**
 * Where an image too large to embed in a {@link ReviewItem} can be read: its original record on
 * {@link Topics#IMAGES}, with the size and SHA-256 of that record's value to verify what is read.
 */
public record ImageReference(String topic, int partition, long offset, long sizeBytes, String sha256) {

    public ImageReference {
        Require.text(topic, "imageRef.topic", 249);
        if (partition < 0 || offset < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("imageRef partition, offset and sizeBytes must be >= 0 but were "
                    + partition + ", " + offset + ", " + sizeBytes);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("imageRef.sha256 must be 64 lower-case hex digits but was " + sha256);
        }
    }
}

package io.digitstream.mnist;

import java.io.IOException;

/** A candidate MNIST file whose uncompressed bytes do not have the published SHA-256; it was not used. */
public class MnistChecksumException extends IOException {
    private final MnistFile file;
    private final String source;
    private final String expectedSha256;
    private final String actualSha256;

    public MnistChecksumException(MnistFile file, String source, String expectedSha256, String actualSha256) {
        super(file.fileName() + " from " + source + " has SHA-256 " + actualSha256 + " but " + expectedSha256
                + " was expected; the file was not used");
        this.file = file;
        this.source = source;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    public MnistFile file() {
        return file;
    }

    /** Where the rejected bytes came from (a path or URL). */
    public String source() {
        return source;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}

package io.digitstream.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Verified, uncompressed paths of all four MNIST files, as returned by {@link MnistResolver#resolve()}. */
public record MnistFiles(Map<MnistFile, Path> paths) {

    public MnistFiles {
        for (MnistFile file : MnistFile.values()) {
            if (!paths.containsKey(file)) {
                throw new IllegalArgumentException("no path for " + file.fileName());
            }
        }
        paths = Map.copyOf(new EnumMap<>(paths));
    }

    public Path path(MnistFile file) {
        return paths.get(file);
    }

    /** Parses all four files into memory (about 55 MB). */
    public MnistDataset load() throws IOException {
        MnistSplit train = IdxReader.readSplit(path(MnistFile.TRAIN_IMAGES), path(MnistFile.TRAIN_LABELS));
        MnistSplit test = IdxReader.readSplit(path(MnistFile.TEST_IMAGES), path(MnistFile.TEST_LABELS));
        return new MnistDataset(train, test);
    }
}

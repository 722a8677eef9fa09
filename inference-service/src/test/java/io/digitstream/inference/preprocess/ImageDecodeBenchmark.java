package io.digitstream.inference.preprocess;

import com.sun.management.ThreadMXBean;
import io.digitstream.inference.MnistFixtures;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ModelContract;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What preprocessing one uploaded image costs (decode + MNIST recipe, 784 floats out), in CPU time and allocated bytes
 * of the calling thread, for the worst images the input limits accept: 4096x2048 (the pixel limit) RGB PNG and JPEG
 * scans with paper noise, each under the 2 MiB payload limit, and a normal 280x280 scan for comparison. Compares, in one
 * run, the decoder before the decode budget (full decode, {@code getRGB} per pixel; kept verbatim below), the current
 * decoder without a budget (full decode, rows read from the raster), with twice the default budget and with the
 * default budget.
 *
 * <pre>
 * mvn -o -q -pl inference-service -am -Dquick-models.skip=true -DskipTests test-compile dependency:build-classpath \
 *   -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp inference-service/target/test-classes:inference-service/target/classes:$(cat inference-service/target/test.classpath) \
 *   io.digitstream.inference.preprocess.ImageDecodeBenchmark 10
 * </pre>
 * Argument: measured decodes per image and decoder (10), after as many warm-up decodes; medians are reported.
 */
public final class ImageDecodeBenchmark {

    private static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
    private static final long MAX_PIXELS = 4096L * 2048;
    private static final long DEFAULT_DECODE_BUDGET = 1L << 20;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One way of turning file bytes into the 784 model inputs. */
    private interface Preprocessing {
        float[] pixels(byte[] file, ImageEncoding encoding) throws Exception;
    }

    private record Input(String name, byte[] bytes, ImageEncoding encoding) {
    }

    private record Cost(double cpuMillis, double allocatedMegabytes) {
    }

    private ImageDecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        MnistNormalizer normalizer = new MnistNormalizer(0.2);
        Preprocessing before = (file, encoding) -> normalizer.normalize(BeforeDecodeBudget.decode(file));
        Preprocessing unbounded = preprocessor(MAX_PIXELS, normalizer)::pixels;
        Preprocessing bounded = preprocessor(DEFAULT_DECODE_BUDGET, normalizer)::pixels;
        Preprocessing doubleBudget = preprocessor(2 * DEFAULT_DECODE_BUDGET, normalizer)::pixels;
        List<Input> inputs = List.of(
                new Input("4096x2048 RGB PNG, 7 % noise", scan(4096, 2048, 0.07, 64, "png"), ImageEncoding.PNG),
                new Input("4096x2048 RGB JPEG, 1 % noise", scan(4096, 2048, 0.01, 64, "jpeg"), ImageEncoding.JPEG),
                new Input("280x280 RGB PNG, 7 % noise", scan(280, 280, 0.07, 8, "png"), ImageEncoding.PNG));
        System.out.println("image | bytes | decoder | CPU ms per image | MB allocated per image");
        for (Input input : inputs) {
            if (input.bytes().length > MAX_PAYLOAD_BYTES) {
                throw new IllegalStateException(input.name() + " is over the payload limit: " + input.bytes().length);
            }
            Cost old = measure(before, input, rounds);
            Cost full = measure(unbounded, input, rounds);
            Cost budget = measure(bounded, input, rounds);
            Cost twice = measure(doubleBudget, input, rounds);
            print(input, "before (full decode, getRGB)", old);
            print(input, "full decode, raster rows", full);
            print(input, "decode budget 2 MP", twice);
            print(input, "decode budget 1 MP (default)", budget);
            System.out.printf(Locale.ROOT, "%s: before / budget = %.1fx CPU, %.1fx allocation%n", input.name(),
                    old.cpuMillis() / budget.cpuMillis(), old.allocatedMegabytes() / budget.allocatedMegabytes());
        }
    }

    private static DigitImagePreprocessor preprocessor(long decodeBudget, MnistNormalizer normalizer) {
        return new DigitImagePreprocessor(new ImageLimits(MAX_PAYLOAD_BYTES, 4096, 4096, MAX_PIXELS, decodeBudget),
                normalizer);
    }

    private static Cost measure(Preprocessing preprocessing, Input input, int rounds) throws Exception {
        long threadId = Thread.currentThread().getId();
        for (int i = 0; i < rounds; i++) {
            preprocessing.pixels(input.bytes(), input.encoding());
        }
        double[] cpu = new double[rounds];
        double[] allocated = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long allocatedStart = THREADS.getThreadAllocatedBytes(threadId);
            float[] pixels = preprocessing.pixels(input.bytes(), input.encoding());
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            allocated[i] = (THREADS.getThreadAllocatedBytes(threadId) - allocatedStart) / 1e6;
            if (pixels.length != ModelContract.PIXELS) {
                throw new IllegalStateException("not a 28x28 field");
            }
        }
        return new Cost(median(cpu), median(allocated));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(Input input, String decoder, Cost cost) {
        System.out.printf(Locale.ROOT, "%s | %,d | %s | %.1f | %.1f%n", input.name(), input.bytes().length, decoder,
                cost.cpuMillis(), cost.allocatedMegabytes());
    }

    /**
     * A scan: light grey paper where a fraction {@code noise} of the pixels are random grey specks, and MNIST test
     * digit 0 enlarged {@code scale} times in dark ink in the middle.
     */
    static byte[] scan(int width, int height, double noise, int scale, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] digit = MnistFixtures.testSplit().images().image(0);
        int left = (width - 28 * scale) / 2;
        int top = (height - 28 * scale) / 2;
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx = (x - left) / scale;
                int dy = (y - top) / scale;
                boolean inDigit = x >= left && y >= top && dx < 28 && dy < 28;
                int grey = inDigit ? 235 - (digit[dy * 28 + dx] & 0xFF) * 200 / 255 : 235;
                if (random.nextDouble() < noise) {
                    grey = random.nextInt(256);
                }
                Arrays.fill(data, 3 * (y * width + x), 3 * (y * width + x) + 3, (byte) grey);
            }
        }
        return SyntheticImages.encode(image, format);
    }

    /** The decoder as it was before the decode budget: a full-size decode, then {@code getRGB} per colour pixel. */
    private static final class BeforeDecodeBudget {

        static GrayImage decode(byte[] bytes) throws Exception {
            try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                ImageReader reader = ImageIO.getImageReaders(input).next();
                try {
                    reader.setInput(input, true, true);
                    reader.getWidth(0);
                    reader.getHeight(0);
                    return luminance(reader.read(0));
                } finally {
                    reader.dispose();
                }
            }
        }

        private static GrayImage luminance(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            float[] luminance = new float[width * height];
            ColorModel colorModel = image.getColorModel();
            if (colorModel.getNumColorComponents() == 1) {
                Raster raster = image.getRaster();
                float greyMax = (1 << colorModel.getComponentSize(0)) - 1;
                boolean alpha = colorModel.hasAlpha();
                float alphaMax = alpha ? (1 << colorModel.getComponentSize(1)) - 1 : 1;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float grey = raster.getSample(x, y, 0) / greyMax;
                        float opacity = alpha ? raster.getSample(x, y, 1) / alphaMax : 1;
                        luminance[y * width + x] = overWhite(grey, opacity);
                    }
                }
            } else {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int argb = image.getRGB(x, y);
                        float grey = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
                        luminance[y * width + x] = overWhite(grey, ((argb >>> 24) & 0xFF) / 255f);
                    }
                }
            }
            return new GrayImage(width, height, luminance);
        }

        private static float overWhite(float grey, float opacity) {
            return grey * opacity + (1 - opacity);
        }
    }
}

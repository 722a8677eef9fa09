package io.digitstream.trainer.report;

import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.evaluate.VoteMatrices;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of the test digits the ensemble gets wrong, most confident mistakes first, each scaled up and captioned
 * "true → predicted" with the ensemble's confidence, so a reader can judge whether the errors are excusable.
 */
final class MisclassifiedGallery {

    static final int COLUMNS = 10;
    static final int MAX_TILES = 60;
    static final int SCALE = 3;
    static final int TILE = ModelContract.SIDE * SCALE;
    static final int CAPTION = 18;
    static final int GAP = 6;
    static final int HEADER = 26;

    private MisclassifiedGallery() {
    }

    static int width() {
        return GAP + COLUMNS * (TILE + GAP);
    }

    static int height(int tiles) {
        int rows = Math.max(1, (Math.min(tiles, MAX_TILES) + COLUMNS - 1) / COLUMNS);
        return HEADER + rows * (TILE + CAPTION + GAP) + GAP;
    }

    /** @return the number of misclassified test images (the gallery shows at most {@link #MAX_TILES}) */
    static int write(RunResult run, Path runDir) throws IOException {
        int[] predicted = VoteMatrices.argmax(run.ensembleProbabilities());
        float[][] probabilities = run.ensembleProbabilities();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != run.testLabels()[i]) {
                wrong.add(i);
            }
        }
        // Confident mistakes first: they are the ones a confidence threshold would not send to human review.
        wrong.sort(Comparator.comparingDouble((Integer i) -> probabilities[i][predicted[i]]).reversed()
                .thenComparingInt(i -> i));
        BufferedImage image = new BufferedImage(width(), height(wrong.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(header(wrong.size(), predicted.length), GAP, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int t = 0; t < Math.min(wrong.size(), MAX_TILES); t++) {
                int index = wrong.get(t);
                int x = GAP + (t % COLUMNS) * (TILE + GAP);
                int y = HEADER + (t / COLUMNS) * (TILE + CAPTION + GAP);
                drawDigit(image, run.testPixels(), index, x, y);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x - 1, y - 1, TILE + 1, TILE + 1);
                float confidence = probabilities[index][predicted[index]];
                g.setColor(Color.BLACK);
                g.drawString(String.format("%d \u2192 %d  %.0f%%", run.testLabels()[index], predicted[index],
                        100 * confidence), x + 2, y + TILE + 14);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", runDir.resolve(ChartFiles.MISCLASSIFIED).toFile());
        return wrong.size();
    }

    private static String header(int wrong, int total) {
        if (wrong == 0) {
            return "The ensemble classifies all " + total + " test digits correctly.";
        }
        return "Ensemble errors: " + wrong + " of " + total + " test digits, most confident first "
                + "(true \u2192 predicted, confidence)" + (wrong > MAX_TILES ? "; " + MAX_TILES + " shown" : "");
    }

    /** Draws one digit dark-on-light (how people see handwriting), each pixel as a SCALE x SCALE block. */
    private static void drawDigit(BufferedImage image, byte[] pixels, int index, int x, int y) {
        int offset = index * ModelContract.PIXELS;
        for (int row = 0; row < ModelContract.SIDE; row++) {
            for (int col = 0; col < ModelContract.SIDE; col++) {
                int ink = Byte.toUnsignedInt(pixels[offset + row * ModelContract.SIDE + col]);
                int grey = 255 - ink;
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        image.setRGB(x + col * SCALE + dx, y + row * SCALE + dy, rgb);
                    }
                }
            }
        }
    }
}

package io.digitstream.trainer.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One terminal progress bar per epoch (ETA from the library), or nothing when the caller wants quiet training. */
public interface EpochProgress {

    /** Starts the bar of one epoch of {@code batches} steps. */
    Bar start(String task, long batches);

    interface Bar extends AutoCloseable {
        void step(double runningLoss);

        void finish(EpochStats stats);

        @Override
        void close();
    }

    static EpochProgress quiet() {
        return (task, batches) -> new Bar() {
            @Override
            public void step(double runningLoss) {
            }

            @Override
            public void finish(EpochStats stats) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * One line per finished epoch, for models trained side by side: their progress bars would overwrite each other
     * on one terminal line.
     */
    static EpochProgress lines(java.util.function.Consumer<String> log) {
        return (task, batches) -> new Bar() {
            @Override
            public void step(double runningLoss) {
            }

            @Override
            public void finish(EpochStats stats) {
                log.accept(String.format(java.util.Locale.ROOT,
                        "%s: loss %.4f, val-loss %.4f, val-acc %.4f, lr %.5f (%.1f s)", task, stats.trainLoss(),
                        stats.valLoss(), stats.valAccuracy(), stats.learningRate(), stats.seconds()));
            }

            @Override
            public void close() {
            }
        };
    }

    static EpochProgress terminal() {
        return (task, batches) -> {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(120)
                    .build();
            return new Bar() {
                @Override
                public void step(double runningLoss) {
                    bar.step();
                    bar.setExtraMessage(String.format("loss %.4f", runningLoss));
                }

                @Override
                public void finish(EpochStats stats) {
                    bar.setExtraMessage(String.format("loss %.4f val-loss %.4f val-acc %.4f",
                            stats.trainLoss(), stats.valLoss(), stats.valAccuracy()));
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}

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

package io.digitstream.trainer;

import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.KafkaClientSettings;
import io.digitstream.trainer.collect.ReviewedScans;
import io.digitstream.trainer.collect.ScanMix;
import io.digitstream.trainer.export.ParityException;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.SearchBudget;
import io.digitstream.trainer.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/** Command line of the trainer: trains, evaluates, reports and exports the MNIST models. */
@Command(name = "trainer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the MLP, RNN, GRU and CNN digit models, evaluates them on the MNIST test set, writes a "
                + "report and exports each to ONNX (checked by the parity gate) with a manifest, as a new version of a"
                + " model store (or, with --layout flat, into one directory).",
        subcommands = ModelsCommand.class)
public final class TrainerCli implements Callable<Integer> {

    static {
        // DJL contacts an external address at engine start-up unless these are set before any DJL class loads.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    @Option(names = "--profile", defaultValue = "standard", description = "quick | standard (default: ${DEFAULT-VALUE})")
    private String profile;

    @Option(names = "--models", split = ",", defaultValue = "mlp,rnn,gru,cnn",
            description = "models to train, comma-separated (default: ${DEFAULT-VALUE})")
    private List<String> models;

    @Option(names = "--output", defaultValue = "models", paramLabel = "DIR",
            description = "the model store (versions/<run-id>/ and active.json), or with --layout flat the directory"
                    + " for the ONNX files and manifest.json (default: ${DEFAULT-VALUE})")
    private Path output;

    @Option(names = "--layout", defaultValue = "store", paramLabel = "store|flat",
            description = "store: a new version directory per run and the active.json pointer; flat: the ONNX files"
                    + " and manifest.json directly in --output, replacing the previous set (default: ${DEFAULT-VALUE})")
    private OutputLayout layout;

    @Option(names = "--activate", defaultValue = "auto", paramLabel = "auto|champion|challenger|none",
            description = "store layout: what the new version becomes in active.json; auto = champion when the store"
                    + " has none yet, otherwise challenger (default: ${DEFAULT-VALUE})")
    private Activation activation;

    @Option(names = "--from-topic", paramLabel = "TOPIC",
            description = "also learn from the scans reviewers labelled on the dashboard: the answers on TOPIC"
                    + " (digits.review-answers), read from Kafka, mixed into the MNIST training set; a fixed part is"
                    + " held back and the run reports how it reads those")
    private String fromTopic;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "with --from-topic: the Kafka cluster (default: ${DEFAULT-VALUE})")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "with --from-topic: a Kafka client properties file for a secured cluster (security.protocol,"
                    + " sasl.*, ssl.*; docs/security.md); default: $" + KafkaClientSettings.ENVIRONMENT_VARIABLE)
    private Path kafkaConfig;

    @Option(names = "--scan-weight", defaultValue = "5", paramLabel = "N",
            description = "with --from-topic: each reviewed scan joins the training set N times (default: ${DEFAULT-VALUE})")
    private int scanWeight;

    @Option(names = "--scan-holdout", defaultValue = "20", paramLabel = "PERCENT",
            description = "with --from-topic: the share of reviewed scans (fixed by id) held back to evaluate"
                    + " (default: ${DEFAULT-VALUE})")
    private int scanHoldout;

    @Option(names = "--keep", defaultValue = "5", paramLabel = "N",
            description = "store layout: after the run, delete all but the N newest versions, never one active.json"
                    + " names (default: ${DEFAULT-VALUE})")
    private int keep;

    @Option(names = "--reports", defaultValue = "reports/training",
            description = "report root; each run writes <run-id>/ below it (default: ${DEFAULT-VALUE})")
    private Path reports;

    @Option(names = "--data-dir", description = "directory with the four MNIST IDX files (raw or .gz), tried first")
    private Path dataDir;

    @Option(names = "--cache-dir", description = "verified MNIST cache (default: ~/.cache/digit-stream/mnist)")
    private Path cacheDir;

    @Option(names = "--allow-mirrors", description = "as a last resort, download MNIST from the public mirrors")
    private boolean allowMirrors;

    @Option(names = "--seed", defaultValue = "42", description = "seed for splits, initialisation, order, search (default: ${DEFAULT-VALUE})")
    private long seed;

    // The running command line, so usage errors print where its caller pointed them.
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--search-trials", paramLabel = "N",
            description = "hyperparameter search trials per model, the first being the defaults; 0 for none"
                    + " (default: the profile's)")
    private Integer searchTrials;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "search per model for this many seconds instead; a slower machine tries fewer candidates,"
                    + " so picks can differ from machine to machine; 0 for none")
    private Double timeBudgetSeconds;

    @Option(names = "--epochs", description = "final-training epochs for every model (default: the profile's)")
    private Integer epochs;

    @Option(names = "--augment", negatable = true,
            description = "random small shifts and rotations of training images (default: the profile's)")
    private Boolean augment;

    @Option(names = "--threads", defaultValue = "2",
            description = "threads for training and ONNX Runtime; with two or more, models train side by side, one"
                    + " per thread, each on threads/models engine threads (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--reuse-if-valid",
            description = "skip training when the output manifest (store layout: the champion's) lists the models"
                    + " (with fitted ensemble weights) and every file's sha256 matches")
    private boolean reuseIfValid;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run the trainer in-process. */
    public static CommandLine commandLine() {
        // "--output models" (the default too) names a directory, not the subcommand of that name.
        return new CommandLine(new TrainerCli()).setAllowSubcommandsAsOptionParameters(true)
                .setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(TrainerCli::reportFailure);
    }

    @Override
    public Integer call() throws IOException {
        RunSettings settings = settings();
        PrintStream out = System.out;
        if (settings.layout() == OutputLayout.STORE) {
            // An output written before model stores existed becomes a store with that set as its champion.
            ModelStores.adoptFlatSet(settings.outputDir(), java.time.Instant.now())
                    .ifPresent(change -> out.println("trainer: " + change.summary()));
        }
        RunOutput.checkBeforeTraining(settings.outputDir(), settings.layout(), settings.activation());
        if (fromTopic != null) {
            if (reuseIfValid) {
                throw new IllegalArgumentException("--from-topic trains on new scans; it cannot be combined with"
                        + " --reuse-if-valid");
            }
            settings = settings.withScans(new ScanMix(fromTopic, reviewedScans(out).read(fromTopic), scanWeight,
                    scanHoldout));
        }
        if (reuseIfValid) {
            Optional<String> problem = whyNotReusable(settings);
            if (problem.isEmpty()) {
                out.println("trainer: " + (settings.layout() == OutputLayout.STORE
                        ? "champion " + ModelStore.readPointer(settings.outputDir()).champion() + " in "
                                + settings.outputDir() + " is valid"
                        : "models in " + settings.outputDir() + " are valid")
                        + " (manifest and sha256 match), nothing to do");
                return 0;
            }
            out.println("trainer: cannot reuse models: " + problem.get() + "; training");
        }
        // The training engine reads its thread count once, when it loads: set it before the first DJL call.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        MnistDataset mnist = mnistResolver(out).load();
        TrainingRun.Outcome outcome = TrainingRun.execute(settings, mnist, out::println);
        Path store = settings.outputDir();
        out.printf("trainer: run %s finished in %.1f s%s%n", outcome.result().runId(), outcome.result().wallSeconds(),
                outcome.version().map(version -> ", version " + version + " in " + store).orElse(""));
        return 0;
    }

    /** Flat: the output directory's set; store: the champion's set, when the store has a pointer. */
    static Optional<String> whyNotReusable(RunSettings settings) throws IOException {
        if (settings.layout() == OutputLayout.FLAT) {
            return ManifestFiles.whyNotReusable(settings.outputDir(), settings.models());
        }
        if (!ModelStore.isStore(settings.outputDir())) {
            return Optional.of("no " + ModelStore.POINTER_FILE + " in " + settings.outputDir());
        }
        String champion = ModelStore.readPointer(settings.outputDir()).champion();
        return ManifestFiles.whyNotReusable(ModelStore.versionDir(settings.outputDir(), champion), settings.models())
                .map(reason -> "champion " + champion + ": " + reason);
    }

    private RunSettings settings() {
        List<Architecture> architectures;
        try {
            architectures = models.stream().map(Architecture::fromId).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--models: unknown model in " + models + " (known: mlp, rnn, gru, cnn)");
        }
        TrainingProfile trainingProfile = TrainingProfile.load(profile);
        Optional<SearchBudget> budget = searchBudget();
        return new RunSettings(trainingProfile, architectures, seed,
                augment == null ? trainingProfile.augment() : augment, Optional.ofNullable(epochs), budget, threads,
                output, reports, layout, activation, keep);
    }

    private Optional<SearchBudget> searchBudget() {
        CommandLine command = spec.commandLine();
        if (searchTrials != null && timeBudgetSeconds != null) {
            throw new CommandLine.ParameterException(command, "--search-trials and --time-budget exclude each other");
        }
        try {
            if (searchTrials != null) {
                return Optional.of(new SearchBudget.Trials(searchTrials));
            }
            if (timeBudgetSeconds != null) {
                if (!Double.isFinite(timeBudgetSeconds) || timeBudgetSeconds > Duration.ofDays(1).toSeconds()) {
                    throw new IllegalArgumentException("the search time budget must be a number of seconds up to a"
                            + " day, was " + timeBudgetSeconds);
                }
                return Optional.of(new SearchBudget.Time(Duration.ofMillis(Math.round(timeBudgetSeconds * 1000))));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
        return Optional.empty();
    }

    /** The consumer of the reviewers' answers, with the service's own image recipe and limits. */
    private ReviewedScans reviewedScans(PrintStream out) {
        Properties kafka = new Properties();
        (kafkaConfig != null ? KafkaClientSettings.read(kafkaConfig) : KafkaClientSettings.fromEnvironment())
                .forEach(kafka::put);
        kafka.put("bootstrap.servers", bootstrapServers);
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(ImageLimits.DEFAULTS,
                new MnistNormalizer(MnistNormalizer.DEFAULT_INK_THRESHOLD));
        return new ReviewedScans(kafka, preprocessor, Duration.ofMinutes(2), line -> out.println("trainer: " + line));
    }

    private MnistResolver mnistResolver(PrintStream out) throws IOException {
        MnistResolver.Builder builder = MnistResolver.builder().progress(out::println);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (cacheDir != null) {
            builder.cacheDir(cacheDir);
        }
        if (allowMirrors) {
            builder.allowMirrors(mirrors());
        }
        return builder.build();
    }

    private static List<URI> mirrors() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = TrainerCli.class.getResourceAsStream("/trainer.properties")) {
            properties.load(in);
        }
        return Arrays.stream(properties.getProperty("mnist.mirrors", "").split(","))
                .map(String::trim).filter(url -> !url.isEmpty()).map(URI::create).toList();
    }

    /** Known failures get one clear line, not a stack trace; anything else keeps its trace for a bug report. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof IOException
                || e instanceof ParityException || e instanceof TrainingDivergedException) {
            err.println("trainer: error: " + e.getMessage());
        } else {
            err.println("trainer: error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}

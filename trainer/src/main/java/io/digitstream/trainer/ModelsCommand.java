package io.digitstream.trainer;

import io.digitstream.schemas.ModelManifest;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code trainer models ...}: looks after a model store. Every command that points {@code active.json} at a version
 * first checks that version (its directory, its manifest, every file's SHA-256), and writes the pointer atomically.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists, promotes, challenges, rolls back and prunes the versions of a model store.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Promote.class, ModelsCommand.Challenge.class,
                ModelsCommand.DropChallenger.class, ModelsCommand.Rollback.class, ModelsCommand.Prune.class,
                ModelsCommand.Adopt.class})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: list, promote, challenge, drop-challenger, rollback, prune or adopt");
    }

    /** {@code --store DIR}, shared by every subcommand. */
    static final class StoreOption {

        @Option(names = "--store", defaultValue = "models", paramLabel = "DIR",
                description = "the model store (default: ${DEFAULT-VALUE})")
        Path store;
    }

    /** Prints one line to the command's output. */
    private static void say(CommandSpec spec, String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every version with its role, creation time, profile and test accuracies.")
    static final class ListVersions implements Callable<Integer> {

        @Spec
        CommandSpec spec;
        @Mixin
        StoreOption options;

        @Override
        public Integer call() throws IOException {
            Path store = options.store;
            List<ModelStores.VersionSummary> versions = ModelStores.list(store);
            Optional<ModelPointer> pointer = ModelStores.pointer(store);
            say(spec, "trainer: " + versions.size() + " version" + (versions.size() == 1 ? "" : "s") + " in " + store
                    + pointer.map(p -> " (" + ModelStores.roles(p).entrySet().stream()
                            .map(role -> role.getKey() + " " + role.getValue()).collect(Collectors.joining(", ")) + ")")
                            .orElse(" (no " + ModelStore.POINTER_FILE + ": nothing serves)"));
            for (ModelStores.VersionSummary version : versions) {
                say(spec, line(version));
            }
            Set<String> present = versions.stream().map(ModelStores.VersionSummary::version).collect(Collectors.toSet());
            pointer.ifPresent(p -> ModelStores.roles(p).forEach((role, version) -> {
                if (!present.contains(version)) {
                    say(spec, "trainer: warning: " + ModelStore.POINTER_FILE + " names " + role + " " + version
                            + ", which has no manifest in " + store.resolve(ModelStore.VERSIONS_DIR));
                }
            }));
            return 0;
        }

        private static String line(ModelStores.VersionSummary version) {
            String roles = version.roles().isEmpty() ? "-" : String.join(",", version.roles());
            if (version.manifest() == null) {
                return String.format(Locale.ROOT, "  %-28s %-20s %s", version.version(), roles, version.problem());
            }
            ModelManifest manifest = version.manifest();
            String profile = manifest.models().stream().map(entry -> entry.training().get("profile"))
                    .filter(value -> value != null).map(Object::toString).findFirst().orElse("-");
            String ensemble = manifest.ensemble() == null ? "-"
                    : String.format(Locale.ROOT, "%.4f", manifest.ensemble().testAccuracy());
            String models = manifest.models().stream()
                    .map(entry -> String.format(Locale.ROOT, "%s %.4f", entry.name(), entry.testAccuracy()))
                    .collect(Collectors.joining("  "));
            return String.format(Locale.ROOT, "  %-28s %-20s created %s  profile %s  ensemble %s  %s",
                    version.version(), roles, manifest.createdAt(), profile, ensemble, models);
        }
    }

    /** A command that changes or tidies the store and prints one line of what it did. */
    abstract static class StoreCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;
        @Mixin
        StoreOption options;

        /** @return what was done, for the one line printed */
        abstract String run(Path store, Instant at) throws IOException;

        @Override
        public Integer call() throws IOException {
            say(spec, "trainer: " + run(options.store, Instant.now()));
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Makes a version the champion; the old champion becomes the previous one (for rollback).")
    static final class Promote extends StoreCommand {

        @Parameters(paramLabel = "VERSION", description = "a directory name under versions/")
        String version;

        @Override
        String run(Path store, Instant at) throws IOException {
            return ModelStores.promote(store, version, at).summary();
        }
    }

    @Command(name = "adopt", mixinStandardHelpOptions = true,
            description = "Turns a directory holding one flat model set (manifest.json beside its ONNX files) into a"
                    + " model store whose champion is that set.")
    static final class Adopt extends StoreCommand {

        @Override
        String run(Path store, Instant at) throws IOException {
            return ModelStores.adoptFlatSet(store, at).map(ModelStores.Change::summary)
                    .orElse(store + " holds no flat model set; nothing to adopt");
        }
    }

    @Command(name = "challenge", mixinStandardHelpOptions = true,
            description = "Runs a version beside the champion as the challenger (replacing any challenger).")
    static final class Challenge extends StoreCommand {

        @Parameters(paramLabel = "VERSION", description = "a directory name under versions/, not the champion")
        String version;

        @Override
        String run(Path store, Instant at) throws IOException {
            return ModelStores.challenge(store, version, at).summary();
        }
    }

    @Command(name = "drop-challenger", mixinStandardHelpOptions = true, description = "Clears the challenger.")
    static final class DropChallenger extends StoreCommand {

        @Override
        String run(Path store, Instant at) throws IOException {
            return ModelStores.dropChallenger(store, at).summary();
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "The previous champion serves again (the current one becomes the previous).")
    static final class Rollback extends StoreCommand {

        @Override
        String run(Path store, Instant at) throws IOException {
            return ModelStores.rollback(store, at).summary();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Deletes all but the N newest versions; a version active.json names is never deleted.")
    static final class Prune extends StoreCommand {

        @Option(names = "--keep", defaultValue = "5", paramLabel = "N",
                description = "how many of the newest versions to keep (default: ${DEFAULT-VALUE})")
        int keep;

        @Override
        String run(Path store, Instant at) throws IOException {
            List<String> deleted = ModelStores.prune(store, keep, Set.of());
            int left = ModelStore.versions(store).size();
            return (deleted.isEmpty() ? "nothing to prune" : "deleted " + String.join(", ", deleted))
                    + " in " + store + " (--keep " + keep + "; " + left + " version" + (left == 1 ? "" : "s") + " left)";
        }
    }
}

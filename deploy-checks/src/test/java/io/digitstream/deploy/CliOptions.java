package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The long options a packaged CLI really accepts, read from its own {@code --help} (picocli) output. */
final class CliOptions {

    private static final Pattern LONG_OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Map<String, Set<String>> CACHE = new ConcurrentHashMap<>();

    private CliOptions() {
    }

    static Set<String> of(String jar) {
        return CACHE.computeIfAbsent(jar, CliOptions::readHelp);
    }

    /** The long options in an argument list (values and short options are not checked). */
    static Set<String> used(List<String> arguments) {
        Set<String> options = new TreeSet<>();
        for (String argument : arguments) {
            if (argument.startsWith("--")) {
                options.add(argument.split("=", 2)[0]);
            }
        }
        return options;
    }

    private static Set<String> readHelp(String jar) {
        Path jarPath = Repo.existing(jar, "build it first: mvn -pl <module> package -DskipTests");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Processes.Result help = Processes.run(List.of(java.toString(), "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-jar", jarPath.toString(), "--help"), Repo.root(), 120);
        assertEquals(0, help.exitCode(), () -> jar + " --help failed:\n" + help.output());
        Set<String> options = new TreeSet<>();
        Matcher option = LONG_OPTION.matcher(help.output());
        while (option.find()) {
            options.add(option.group());
        }
        return options;
    }
}

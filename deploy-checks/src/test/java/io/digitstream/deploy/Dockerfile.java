package io.digitstream.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile (continuation lines joined, comments dropped), enough to cross-check it. */
final class Dockerfile {

    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S*))");

    private final Path file;
    private final List<Instruction> instructions;

    private Dockerfile(Path file, List<Instruction> instructions) {
        this.file = file;
        this.instructions = instructions;
    }

    static Dockerfile parse(Path file) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String joined = pending.toString().strip();
                pending.setLength(0);
                if (!joined.isEmpty()) {
                    String[] parts = joined.split("\\s+", 2);
                    instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return new Dockerfile(file, instructions);
    }

    Path file() {
        return file;
    }

    List<Instruction> instructions() {
        return instructions;
    }

    /** The image the last stage builds on (the one that ships). */
    String finalBaseImage() {
        return instructions.stream().filter(i -> i.keyword().equals("FROM")).reduce((first, second) -> second)
                .map(i -> i.arguments().split("\\s+")[0])
                .orElseThrow(() -> new IllegalStateException(file + " has no FROM"));
    }

    /** Sources of COPY instructions that read the build context (not another stage). */
    List<String> contextCopySources() {
        List<String> sources = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(instruction.arguments().split("\\s+")));
            if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
                continue;
            }
            words.removeIf(word -> word.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    /** The exec-form ENTRYPOINT followed by the exec-form CMD, as one argument list. */
    List<String> execCommand() {
        List<String> command = new ArrayList<>();
        command.addAll(execForm("ENTRYPOINT"));
        command.addAll(execForm("CMD"));
        return command;
    }

    /** The environment the shipped image starts its process with: the ENV instructions after the last FROM. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                environment.clear();
            } else if (instruction.keyword().equals("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                if (!pair.lookingAt()) {
                    throw new IllegalStateException(file + ": write ENV as KEY=value pairs: " + instruction.arguments());
                }
                do {
                    environment.put(pair.group(1), pair.group(2) != null ? pair.group(2) : pair.group(3));
                } while (pair.find());
            }
        }
        return environment;
    }

    String lastValue(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).reduce((first, second) -> second)
                .map(Instruction::arguments).orElse("");
    }

    private List<String> execForm(String keyword) {
        String arguments = lastValue(keyword);
        if (arguments.isEmpty()) {
            return List.of();
        }
        try {
            return YamlTrees.mapper().readValue(arguments, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + keyword + " is not in exec form (a JSON array): " + arguments, e);
        }
    }
}

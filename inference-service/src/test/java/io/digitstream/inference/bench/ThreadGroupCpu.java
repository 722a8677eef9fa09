package io.digitstream.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds a process's threads have used, summed by what the threads do, read from Linux's
 * {@code /proc/<pid>/task/<tid>/stat} (the thread name is the JVM's, cut to 15 characters). Taken before and after a
 * run, the difference says whether a process's CPU per image is inference, Kafka clients, garbage collection or the
 * JIT compiler still at work. Threads that ended between the two readings are not counted.
 */
final class ThreadGroupCpu {

    /** Name prefixes (as /proc shows them), in the order they are tried; the rest is "other". */
    private static final List<Map.Entry<String, List<String>>> GROUPS = List.of(
            Map.entry("workers (parse, preprocess, ONNX Runtime, serialise)", List.of("executor-thread", "ForkJoinPool.co")),
            Map.entry("Kafka producer network", List.of("kafka-producer-")),
            // smallrye-kafka-consumer-thread-N (polling) and smallrye-kafka-producer-thread-N (sending) look alike in 15.
            Map.entry("connector consumer + sending threads", List.of("smallrye-kafka-", "kafka-coordinat")),
            Map.entry("Vert.x event loop", List.of("vert.x-eventloo")),
            Map.entry("JIT compiler", List.of("C1 CompilerThre", "C2 CompilerThre")),
            Map.entry("GC", List.of("GC Thread", "G1 ", "VM Thread", "VM Periodic")));

    private ThreadGroupCpu() {
    }

    static Map<String, Double> read(long pid) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        GROUPS.forEach(group -> seconds.put(group.getKey(), 0.0));
        seconds.put("other", 0.0);
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                // pid (comm) state ...: the name may hold spaces and parentheses, so cut at the last ')'.
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime + stime, USER_HZ
                seconds.merge(group(name), cpu, Double::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid + " (Linux only)", e);
        }
        return seconds;
    }

    static Map<String, Double> difference(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> difference = new LinkedHashMap<>();
        after.forEach((group, seconds) -> difference.put(group, seconds - before.getOrDefault(group, 0.0)));
        return difference;
    }

    private static String group(String threadName) {
        for (Map.Entry<String, List<String>> group : GROUPS) {
            if (group.getValue().stream().anyMatch(threadName::startsWith)) {
                return group.getKey();
            }
        }
        return "other";
    }
}

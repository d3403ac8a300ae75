package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.supabasemigrator.testsupport.TestDatabase;

/** The machine the figures come from, so results of different machines are not compared unawares. */
record MachineInfo(String startedAt, int cores, double memoryGb, String cpuModel, String java, String os,
        String postgres, String loadAverage) {

    static MachineInfo current(TestDatabase anyDatabase) {
        return new MachineInfo(Instant.now().toString(), Runtime.getRuntime().availableProcessors(),
                memTotalKb() / 1024.0 / 1024.0, procField("/proc/cpuinfo", "model name"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                anyDatabase.rows("SELECT version()").get(0).get(0), readLoadAverage());
    }

    /** 1, 5 and 15 minute load averages: a busy machine makes every figure worse. */
    static String readLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long memTotalKb() {
        String value = procField("/proc/meminfo", "MemTotal");
        return value.equals("unknown") ? 0 : Long.parseLong(value.split("\\s+")[0]);
    }

    private static String procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }
}

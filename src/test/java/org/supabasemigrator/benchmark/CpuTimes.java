package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU seconds spent during a measurement by the service, by this JVM (which hosts the PostgREST-compatible
 * server), by PostgreSQL for the benchmark's databases (backends of other databases excluded; shared
 * processes such as the WAL writer and checkpointer included) and by everything else on the machine. Against
 * cores x wall time, they say whether the run was CPU-bound, whose CPU it was, and whether others disturbed it.
 */
final class CpuTimes {

    /**
     * CPU seconds per party over a wall-clock span; benchmarkShare: the cores' share busy with the benchmark's
     * parties, othersSeconds: CPU that the rest of the machine used meanwhile (other builds disturb figures).
     */
    record Usage(double wallSeconds, double serviceSeconds, double benchmarkJvmSeconds, double postgresSeconds,
            Map<String, Double> postgresSecondsByRole, double machineBusySeconds, double othersSeconds,
            double benchmarkShare, double othersShare) {

        static Usage of(double wall, double service, double self, Map<String, Double> postgresByRole, double machine) {
            int cores = Runtime.getRuntime().availableProcessors();
            double postgres = postgresByRole.values().stream().mapToDouble(Double::doubleValue).sum();
            double ours = service + self + postgres;
            double others = Math.max(0, machine - ours);
            return new Usage(wall, service, self, postgres, postgresByRole, machine, others, ours / (cores * wall),
                    others / (cores * wall));
        }
    }

    /** A PostgreSQL process: the source's or a target's backend, or a shared process (WAL writer, checkpointer). */
    private record PostgresProcess(String role, long cpuNanos) {
    }

    private final long servicePid;
    private final long startNanos = System.nanoTime();
    private final long service;
    private final long self;
    private final Map<Long, PostgresProcess> postgres;
    private final double machine;

    private CpuTimes(long servicePid) {
        this.servicePid = servicePid;
        this.service = cpuNanos(ProcessHandle.of(servicePid).orElse(null));
        this.self = cpuNanos(ProcessHandle.current());
        this.postgres = postgresProcesses();
        this.machine = MachineLoad.busySeconds();
    }

    static CpuTimes start(long servicePid) {
        return new CpuTimes(servicePid);
    }

    /** Usage since start. PostgreSQL backends that ended meanwhile are not counted. */
    Usage stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long serviceNow = cpuNanos(ProcessHandle.of(servicePid).orElse(null));
        long selfNow = cpuNanos(ProcessHandle.current());
        Map<String, Double> postgresByRole = new TreeMap<>();
        postgresProcesses().forEach((pid, now) -> {
            PostgresProcess before = postgres.get(pid);
            long nanos = now.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            postgresByRole.merge(now.role(), nanos / 1e9, Double::sum);
        });
        return Usage.of(wall, (serviceNow - service) / 1e9, (selfNow - self) / 1e9, postgresByRole,
                MachineLoad.busySeconds() - machine);
    }

    /** PostgreSQL processes, except backends of databases that are not the benchmark's (mig_bench_*). */
    private static Map<Long, PostgresProcess> postgresProcesses() {
        Map<Long, PostgresProcess> processes = new HashMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .forEach(p -> role(p).ifPresent(role -> processes.put(p.pid(), new PostgresProcess(role, cpuNanos(p)))));
        return processes;
    }

    /**
     * A backend's title reads "postgres: 15/main: USER DATABASE HOST(PORT) STATE"; shared processes have none.
     * The benchmark's databases are mig_bench_src_*, mig_bench_tgt_* (the service's) and mig_bench_ref_*.
     */
    private static Optional<String> role(ProcessHandle process) {
        try {
            String title = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .replace('\0', ' ').trim();
            String[] words = title.split("\\s+");
            boolean backend = words.length >= 5 && words[4].contains("(");
            if (!backend) {
                return Optional.of("shared");
            }
            if (words[3].startsWith("mig_bench_src_")) {
                return Optional.of("source");
            }
            return words[3].startsWith("mig_bench_") ? Optional.of("target") : Optional.empty();
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private static long cpuNanos(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}

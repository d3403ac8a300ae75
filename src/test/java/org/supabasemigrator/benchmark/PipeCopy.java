package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Reference (a), the database-to-database floor: {@code psql \copy ... to stdout | psql \copy ... from stdin},
 * timed around the whole pipe. The target table is empty, with the same indexes and foreign key as the
 * service's target (its company is loaded first).
 */
final class PipeCopy {

    private PipeCopy() {
    }

    static CopyResult run(TestDatabase source, TestDatabase target, long jsonBytes, Duration quietWait)
            throws IOException, InterruptedException {
        target.execute("TRUNCATE clients CASCADE");
        target.execute("CHECKPOINT"); // no checkpoint of earlier writes inside the timed copy
        MachineLoad.awaitQuiet("(a) psql pipe", quietWait);
        String psql = "psql -X -q -v ON_ERROR_STOP=1 -h " + TestDatabase.HOST + " -p " + TestDatabase.PORT + " -U "
                + TestDatabase.USER + " -d ";
        String command = "set -o pipefail; " + psql + source.name() + " -c '\\copy clients to stdout' | " + psql
                + target.name() + " -c '\\copy clients from stdin'";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        if (!TestDatabase.PASSWORD.isEmpty()) {
            builder.environment().put("PGPASSWORD", TestDatabase.PASSWORD);
        }
        double busy = MachineLoad.busySeconds();
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        busy = MachineLoad.busySeconds() - busy;
        if (exit != 0) {
            throw new IllegalStateException("psql pipe exited with " + exit + ": " + output);
        }
        ContentDigest.Comparison check = ContentDigest.compare(source, target, "clients",
                MigrationFixture.TABLES.get("clients"));
        return CopyResult.of("psql \\copy pipe", check.target().rows(), seconds, jsonBytes, check.equal(),
                busy);
    }
}

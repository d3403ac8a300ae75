package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * An extra reference line: every table piped from the source database straight into an empty target with psql
 * ({@code \copy t to stdout | \copy t from stdin}, foreign keys and triggers off in the target session as in a
 * replica), one table after another. No REST API, no JSON: what moving the same rows costs PostgreSQL alone.
 */
final class PipeCopy {

    /** Seconds for every table; whether the target then held exactly the source's content. */
    record Result(long rows, double seconds, double machineBusyShare, boolean contentEqual) {
    }

    private PipeCopy() {
    }

    static Result run(TestDatabase source, TestDatabase target, List<SourceTable> tables, List<ContentDigest.Digest> digests,
            Duration quietWait) throws IOException, InterruptedException {
        target.execute("CHECKPOINT"); // no checkpoint of the schema's writes inside the timed copy
        MachineLoad.awaitQuiet("the psql pipe", quietWait);
        String psql = "psql -X -q -v ON_ERROR_STOP=1 -h " + TestDatabase.HOST + " -p " + TestDatabase.PORT + " -U "
                + TestDatabase.USER + " -d ";
        StringBuilder script = new StringBuilder("set -o pipefail;");
        for (SourceTable t : tables) {
            String name = t.quotedName().replace("'", "'\\''");
            script.append(' ').append(psql).append(source.name()).append(" -c '\\copy ").append(name).append(" to stdout' | ")
                    .append(psql).append(target.name()).append(" -c 'SET session_replication_role = replica' -c '\\copy ")
                    .append(name).append(" from stdin' &&");
        }
        script.append(" true");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
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
        List<ContentDigest.Comparison> check = ContentDigest.compareAll(tables, digests, target);
        return new Result(check.stream().mapToLong(c -> c.target().rows()).sum(), seconds,
                busy / (seconds * Runtime.getRuntime().availableProcessors()),
                check.stream().allMatch(ContentDigest.Comparison::equal));
    }
}

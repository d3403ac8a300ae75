package org.supabasemigrator.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.supabasemigrator.testsupport.MigrationFixture;
import org.supabasemigrator.testsupport.TestDatabase;

/**
 * Reference (c), the target's write floor: the clients rows are copied out first (untimed) to a file, then only
 * {@code COPY clients FROM STDIN} into the empty table is timed. What no upsert-based writer can beat.
 */
final class CopyLoad {

    private CopyLoad() {
    }

    static CopyResult run(TestDatabase source, TestDatabase target, Path scratch, long jsonBytes, Duration quietWait)
            throws Exception {
        Path file = Files.createTempFile(Files.createDirectories(scratch), "clients-", ".copy");
        try {
            try (Connection connection = source.connect(); OutputStream out = Files.newOutputStream(file)) {
                copyManager(connection).copyOut("COPY clients TO STDOUT", out);
            }
            target.execute("TRUNCATE clients CASCADE");
            target.execute("CHECKPOINT");
            MachineLoad.awaitQuiet("(c) COPY FROM", quietWait);
            double seconds;
            double busy = MachineLoad.busySeconds();
            try (Connection connection = target.connect();
                    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                long start = System.nanoTime();
                copyManager(connection).copyIn("COPY clients FROM STDIN", in);
                seconds = (System.nanoTime() - start) / 1e9;
            }
            busy = MachineLoad.busySeconds() - busy;
            ContentDigest.Comparison check = ContentDigest.compare(source, target, "clients",
                    MigrationFixture.TABLES.get("clients"));
            return CopyResult.of("COPY FROM STDIN only", check.target().rows(), seconds, jsonBytes,
                    check.equal(), busy);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Copies a small table between databases in memory, e.g. the company the clients' foreign key needs. */
    static void copyTable(TestDatabase source, TestDatabase target, String table) throws Exception {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (Connection connection = source.connect()) {
            copyManager(connection).copyOut("COPY " + table + " TO STDOUT", rows);
        }
        try (Connection connection = target.connect()) {
            copyManager(connection).copyIn("COPY " + table + " FROM STDIN", new ByteArrayInputStream(rows.toByteArray()));
        }
    }

    private static CopyManager copyManager(Connection connection) throws Exception {
        return new CopyManager(connection.unwrap(BaseConnection.class));
    }
}

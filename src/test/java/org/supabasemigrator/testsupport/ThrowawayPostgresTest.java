package org.supabasemigrator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server of the test's own: committed data survives a restart and a crash; close() leaves nothing behind. */
class ThrowawayPostgresTest {

    private static ThrowawayPostgres server;
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        server = ThrowawayPostgres.startNew();
        db = server.createDatabase("throwaway");
    }

    @AfterAll
    static void close() {
        server.close();
    }

    @Test
    void servesItsOwnClusterBesideTheMainServer() {
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isNotEqualTo(Integer.parseInt(TestDatabase.PORT));
        assertThat(db.jdbcUrl()).isEqualTo(server.jdbcUrl(db.name()));
        assertThat(db.rows("SHOW fsync")).containsExactly(List.of("on"));
        assertThat(db.rows("SHOW synchronous_commit")).containsExactly(List.of("on"));
        assertThat(server.majorVersion()).matches("\\d+");
        assertThat(server.logFile()).startsWith(server.directory()).exists();
        try (TestDatabase main = TestDatabase.create("main")) { // the main server's databases as before
            assertThat(main.port()).isEqualTo(Integer.parseInt(TestDatabase.PORT));
            main.execute("CREATE TABLE only_on_main (id int)");
            assertThatThrownBy(() -> db.execute("SELECT * FROM only_on_main")).hasMessageContaining("does not exist");
        }
    }

    @Test
    void committedRowsSurviveARestart() throws SQLException {
        db.execute("CREATE TABLE restarted (id int PRIMARY KEY)");
        insertCommitted("restarted", 1);

        server.restart();

        assertThat(db.count("SELECT count(*) FROM restarted")).isEqualTo(1);
    }

    @Test
    void committedRowsSurviveACrash() throws SQLException {
        db.execute("CREATE TABLE crashed (id int PRIMARY KEY)");
        insertCommitted("crashed", 1);
        insertCommitted("crashed", 2);

        server.crash();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
        server.start();

        assertThat(db.rows("SELECT id FROM crashed ORDER BY id")).containsExactly(List.of("1"), List.of("2"));
        assertThat(server.logTail(20)).contains("database system was not properly shut down");
    }

    @Test
    void aConnectionOpenDuringARestartFailsAndANewOneWorks() throws SQLException {
        try (Connection open = db.connect(); Statement statement = open.createStatement()) {
            statement.execute("SELECT 1");

            server.restart();

            assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).matches("57P01|08...."));
        }
        assertThat(db.count("SELECT 1")).isEqualTo(1);
    }

    @Test
    void staysDownForAnOutageFromABackgroundThread() throws InterruptedException {
        CompletableFuture<Void> outage = server.downForInBackground(Duration.ofMillis(500));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.isRunning() && !outage.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);

        outage.join();

        assertThat(server.isRunning()).isTrue();
        assertThat(db.count("SELECT 1")).isEqualTo(1);
    }

    @Test
    void closeRemovesTheClusterWhateverItsState() throws Exception {
        for (boolean crashedFirst : new boolean[] { false, true }) {
            ThrowawayPostgres other = ThrowawayPostgres.startNew();
            Path directory = other.directory();
            int port = other.port();
            other.execute("postgres", "CREATE TABLE t AS SELECT 1 AS one");
            if (crashedFirst) {
                other.crash();
            }

            other.close();

            assertThat(directory).doesNotExist();
            assertThat(other.isRunning()).isFalse();
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(ThrowawayPostgres.HOST, port)); // the port is free again
            }
            assertThatThrownBy(other::start).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void insertCommitted(String table, int id) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on");
            statement.execute("INSERT INTO " + table + " VALUES (" + id + ")"); // autocommit: committed on return
        }
    }
}

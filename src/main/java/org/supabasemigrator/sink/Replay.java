package org.supabasemigrator.sink;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.model.Table;

/**
 * A dead-letter replay in progress, carried by the replay routes as {@code replay}: which letters (of a run, a
 * table, a SQLSTATE), the last letter read (letters are read a page at a time, in id order, so a replay of any
 * size holds one page), the target tables looked up, and the report.
 */
public final class Replay {

    static final int PAGE_SIZE = 500;

    private final Long run;
    private final String table;
    private final String sqlState;
    private final boolean holdsLock;
    private final ReplayReport report = new ReplayReport();
    private final Map<String, Table> tables = new HashMap<>();
    private final Set<Long> runs = new LinkedHashSet<>();
    private long lastId;
    private boolean more = true;

    Replay(Long run, String table, String sqlState, boolean holdsLock) {
        this.run = run;
        this.table = table;
        this.sqlState = sqlState;
        this.holdsLock = holdsLock;
    }

    Long run() {
        return run;
    }

    String table() {
        return table;
    }

    String sqlState() {
        return sqlState;
    }

    boolean holdsLock() {
        return holdsLock;
    }

    long lastId() {
        return lastId;
    }

    /** Moves past a page read; a page shorter than {@link #PAGE_SIZE} is the last. */
    List<DeadLetterRecord> read(List<DeadLetterRecord> page) {
        if (!page.isEmpty()) {
            lastId = page.get(page.size() - 1).id();
        }
        page.forEach(letter -> runs.add(letter.migration()));
        more = page.size() == PAGE_SIZE;
        return page;
    }

    Table table(String name, Function<String, Table> lookup) {
        return tables.computeIfAbsent(name, lookup);
    }

    Map<String, Table> tables() {
        return tables;
    }

    /** Read by the route's loop: {@code ${exchangeProperty.replay.more}}. */
    public boolean isMore() {
        return more;
    }

    public ReplayReport getReport() {
        return report;
    }

    /** The runs whose letters this replay wrote: their outcome may be settled now. */
    public List<Long> getRuns() {
        return List.copyOf(runs);
    }
}

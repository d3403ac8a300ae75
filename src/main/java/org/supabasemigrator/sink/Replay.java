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
 * size holds one page), the target tables looked up, and the report. A pass that landed rows is followed by
 * another in the opposite order, until one lands none: a row refused because its parent was itself a dead
 * letter lands once the parent did, whichever way a chain of such rows points.
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
    private boolean descending;
    private long landedInPass;
    private int passes = 1;
    private boolean switchesTriggers;

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

    /** The id the next page starts after (or, in a descending pass, before). */
    long lastId() {
        return lastId;
    }

    /** The replay switches the triggers of the tables it writes off itself (the sessions cannot). */
    boolean switchesTriggers() {
        return switchesTriggers;
    }

    void switchTriggers(boolean switchesTriggers) {
        this.switchesTriggers = switchesTriggers;
    }

    boolean descending() {
        return descending;
    }

    int passes() {
        return passes;
    }

    void landed() {
        landedInPass++;
        report.succeeded();
    }

    /** Moves past a page read; a page shorter than {@link #PAGE_SIZE} ends the pass. */
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

    /** Read by the route's loop: {@code ${exchangeProperty.replay.more}}; starts the next pass where one is due. */
    public boolean isMore() {
        if (!more && landedInPass > 0) {
            descending = !descending;
            lastId = descending ? Long.MAX_VALUE : 0;
            landedInPass = 0;
            passes++;
            report.newPass();
            more = true;
        }
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

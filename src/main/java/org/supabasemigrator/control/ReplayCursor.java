package org.supabasemigrator.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.supabasemigrator.bookkeeping.DeadLetterRecord;
import org.supabasemigrator.catalog.TargetTable;

/**
 * Where a dead-letter replay is: its filter, the last dead letter read (letters are read a page at a time, in
 * id order, so a replay of any size holds one page), and the target tables it has already looked up.
 */
public final class ReplayCursor {

    static final int PAGE_SIZE = 500;

    private final Long run;
    private final String table;
    private final Map<String, TargetTable> tables = new HashMap<>();
    private long lastId;
    private boolean more = true;

    ReplayCursor(Long run, String table) {
        this.run = run;
        this.table = table;
    }

    Long run() {
        return run;
    }

    String table() {
        return table;
    }

    long lastId() {
        return lastId;
    }

    /** Moves past a page read; a page shorter than {@link #PAGE_SIZE} is the last. */
    List<DeadLetterRecord> read(List<DeadLetterRecord> page) {
        if (!page.isEmpty()) {
            lastId = page.get(page.size() - 1).id();
        }
        more = page.size() == PAGE_SIZE;
        return page;
    }

    TargetTable table(String name, Function<String, TargetTable> lookup) {
        return tables.computeIfAbsent(name, lookup);
    }

    /** Read by the route's loop: {@code ${exchangeProperty.replayCursor.more}}. */
    public boolean isMore() {
        return more;
    }
}

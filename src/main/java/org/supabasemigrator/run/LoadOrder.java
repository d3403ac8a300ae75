package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.supabasemigrator.model.ForeignKey;
import org.supabasemigrator.model.TableRun;

/**
 * The order tables load in when the target checks foreign keys as rows arrive: parents before children, from
 * the target's foreign keys, whatever order the tables were listed in. Tables that do not depend on each other
 * share a wave and load at the same time; tables in a cycle of foreign keys share one, and rows whose parent
 * arrives later in it are written again at the end of the load. Self-references do not order anything.
 */
final class LoadOrder {

    private LoadOrder() {
    }

    /** Waves from the foreign keys checked as rows arrive: every key but those lifted for the load. */
    static List<List<TableRun>> waves(List<TableRun> tables, List<ForeignKey> lifted) {
        Map<String, TableRun> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.getTable(), t));
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (TableRun table : tables) {
            Set<String> of = new HashSet<>();
            for (ForeignKey key : table.getMapping().target().foreignKeys()) {
                if (!key.selfReferencing() && !lifted.contains(key) && byName.containsKey(key.parent())
                        && key.parentSchema().equals(table.getMapping().target().schema())) {
                    of.add(key.parent());
                }
            }
            parents.put(table.getTable(), of);
        }
        List<List<TableRun>> waves = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < tables.size()) {
            List<TableRun> wave = new ArrayList<>();
            for (TableRun table : tables) {
                if (!placed.contains(table.getTable()) && placed.containsAll(parents.get(table.getTable()))) {
                    wave.add(table);
                }
            }
            if (wave.isEmpty()) {
                // what is left waits on itself: a cycle (and what hangs on it) loads together
                tables.stream().filter(t -> !placed.contains(t.getTable())).forEach(wave::add);
            }
            wave.forEach(t -> placed.add(t.getTable()));
            waves.add(wave);
        }
        return waves;
    }
}

package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableFacts;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.source.FactQueries;
import org.supabasemigrator.source.KeySpace;
import org.supabasemigrator.source.SourcePermits;
import org.supabasemigrator.source.SourceRequest;

/**
 * Cuts a large table into key ranges read in parallel, so the source's round-trip time is paid by several
 * requests at once: a sequential keyset reader cannot beat page size / (latency + query time). Integer and
 * uuid keys are cut evenly between their lowest and highest value; every other key (text, composite,
 * timestamps) at the keys the source holds at evenly spaced row offsets. Every range is keyset-paged and
 * checkpointed on its own, the last one open-ended so rows added meanwhile are still read.
 */
@ApplicationScoped
public class SlicePlanner {

    private static final Logger LOG = Logger.getLogger(SlicePlanner.class);

    private final FactQueries facts;
    private final SourcePermits permits;
    private final int pageSize;
    private final long pageBytes;

    public SlicePlanner(FactQueries facts, MigratorSettings settings, SourcePermits permits) {
        this.facts = facts;
        this.permits = permits;
        this.pageSize = settings.pageSize();
        this.pageBytes = settings.pageBudgetBytes();
    }

    /** Rows a first page asks for: the budget divided by the size of the table's first row. */
    int firstPageLimit(TableFacts facts) {
        return (int) Math.max(1, Math.min(pageSize, pageBytes / Math.max(1, facts.rowBytes())));
    }

    /** Rows a keys-only page asks for: keys are small. */
    int keysPageLimit() {
        return pageSize;
    }

    KeyRanges plan(TableRun table, TableFacts facts, Slice.Purpose purpose) {
        int limit = firstPageLimit(facts);
        long estimate = facts.estimatedRows() == null ? 0 : facts.estimatedRows();
        // as many ranges as may ever be read at once: how many are read at a time follows the source's round trip
        int ranges = (int) Math.min(permits.maxReaders(), estimate / (2L * limit));
        if (ranges < 2 || facts.firstKey() == null) {
            return KeyRanges.cutAt(purpose, List.of(), limit);
        }
        TableMapping mapping = table.getMapping();
        if (KeySpace.interpolable(mapping)) {
            if (facts.lastKey() == null) {
                return KeyRanges.cutAt(purpose, List.of(), limit);
            }
            List<List<String>> cuts = KeySpace.cuts(mapping, facts.firstKey().get(0), facts.lastKey().get(0), ranges)
                    .stream().map(List::of).toList();
            LOG.infof("Table %s is read as %d key ranges of %s in parallel", table.getTable(), cuts.size() + 1,
                    mapping.keyColumns().get(0));
            return KeyRanges.cutAt(purpose, cuts, limit);
        }
        List<SourceRequest> samples = new ArrayList<>();
        for (int k = 1; k < ranges; k++) {
            samples.add(this.facts.keyAt(table, estimate * k / ranges));
        }
        LOG.infof("Table %s is read as up to %d key ranges of (%s) in parallel, cut at sampled keys", table.getTable(),
                ranges, String.join(", ", mapping.keyColumns()));
        return KeyRanges.sampled(purpose, samples, limit);
    }
}

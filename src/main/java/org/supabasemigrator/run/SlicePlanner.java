package org.supabasemigrator.run;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.SliceRecord;
import org.supabasemigrator.catalog.TargetColumn;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.source.SourceCatalog;
import org.supabasemigrator.transform.TableMapping;

/**
 * Splits a large table into key ranges read in parallel, so the source's round-trip time is paid by
 * several requests at once: a sequential keyset reader cannot beat page size / (latency + query time).
 * Ranges cut the span of an integer primary key evenly between its lowest and highest value; the last
 * range is open-ended so rows added meanwhile are still read. Other keys are read as one range.
 */
@ApplicationScoped
public class SlicePlanner {

    private static final Logger LOG = Logger.getLogger(SlicePlanner.class);
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    private final SourceCatalog source;
    private final int concurrency;
    private final int pageSize;

    public SlicePlanner(SourceCatalog source, MigratorSettings settings) {
        this.source = source;
        this.concurrency = settings.sourceConcurrency();
        this.pageSize = settings.pageSize();
    }

    public List<SliceRecord> plan(TableRun table, long sourceRows) {
        TableMapping mapping = table.getMapping();
        int ranges = (int) Math.min(concurrency, sourceRows / (2L * pageSize));
        if (ranges < 2 || mapping.keyColumns().size() != 1) {
            return List.of(whole());
        }
        String key = mapping.keyColumns().get(0);
        TargetColumn column = mapping.columns().get(mapping.indexOf(key));
        if (!INTEGER_TYPES.contains(column.baseType())) {
            return List.of(whole());
        }
        Optional<String> low = source.min(table.getTable(), key);
        Optional<String> high = source.max(table.getTable(), key);
        if (low.isEmpty() || high.isEmpty()) {
            return List.of(whole());
        }
        BigInteger min = new BigInteger(low.get());
        BigInteger span = new BigInteger(high.get()).subtract(min);
        if (span.compareTo(BigInteger.valueOf(ranges)) < 0) {
            return List.of(whole());
        }
        List<SliceRecord> slices = new ArrayList<>();
        String lower = null;
        for (int k = 1; k <= ranges; k++) {
            String upper = k == ranges ? null
                    : min.add(span.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(ranges))).toString();
            slices.add(new SliceRecord(k - 1, lower == null ? null : List.of(lower), upper == null ? null : List.of(upper),
                    null, false));
            lower = upper;
        }
        LOG.infof("Table %s is read as %d key ranges of %s in parallel", table.getTable(), ranges, key);
        return slices;
    }

    private static SliceRecord whole() {
        return new SliceRecord(0, null, null, null, false);
    }
}

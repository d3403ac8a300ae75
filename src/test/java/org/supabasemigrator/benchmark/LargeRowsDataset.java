package org.supabasemigrator.benchmark;

import java.util.Map;

/**
 * Scenario "large-rows": 1,000,000 events of ~2 KB and 100,000 documents of ~50 KB (as served; sizes and counts
 * set by bench.largeRows, bench.largeRowBytes, bench.hugeRows, bench.hugeRowBytes). Gigabytes through a service
 * with a 256 MB heap: what shows whether its memory is bounded by pages in flight rather than by table size.
 */
final class LargeRowsDataset implements SourceDataset {

    /** Served bytes of an events row besides its trace array; each trace element takes ~38 (escaped) bytes. */
    private static final int EVENT_OVERHEAD_BYTES = 300;
    private static final int EVENT_CHUNK_BYTES = 38;
    private static final double DOCUMENT_CHUNK_BYTES = 33.5;

    private final long events;
    private final int eventBytes;
    private final long documents;
    private final int documentBytes;

    LargeRowsDataset(BenchmarkSettings settings) {
        this.events = settings.scaled(settings.largeRows());
        this.eventBytes = settings.largeRowBytes();
        this.documents = settings.scaled(settings.hugeRows());
        this.documentBytes = settings.hugeRowBytes();
    }

    @Override
    public String name() {
        return "large-rows";
    }

    @Override
    public String description() {
        return String.format("events %,d rows of ~%,d bytes, documents %,d rows of ~%,d bytes (~%.1f GB of JSON)",
                events, eventBytes, documents, documentBytes, (events * eventBytes + documents * documentBytes) / 1e9);
    }

    @Override
    public String schemaSql() {
        return SqlTemplate.read("benchmark/large-rows-schema.sql");
    }

    @Override
    public String dataSql() {
        return SqlTemplate.load("benchmark/large-rows-data.sql", Map.of("events", events,
                "eventChunks", Math.max(1, (eventBytes - EVENT_OVERHEAD_BYTES) / EVENT_CHUNK_BYTES),
                "documents", documents, "documentChunks", Math.max(2, Math.round(documentBytes / DOCUMENT_CHUNK_BYTES))));
    }
}

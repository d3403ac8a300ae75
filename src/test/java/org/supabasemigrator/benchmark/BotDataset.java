package org.supabasemigrator.benchmark;

import java.util.Map;

/**
 * Scenario "bot": the salon bot's own schema and sample dataset (botdb/), multiplied to {@code copies} salons
 * (100 at scale 1: ~262,000 rows, clients 130,400 and the composite-keyed whatsapp_keys 112,700 the largest,
 * dialog_contexts with long jsonb message histories). The bot's real shape at the size the issue measures.
 */
final class BotDataset implements SourceDataset {

    /** Seed rows: 1 + 1,304 + 63 + 12 + 44 + 45 + 21 + 1 + 1,127. */
    static final long SEED_ROWS = 2_618;

    private final long copies;

    BotDataset(BenchmarkSettings settings) {
        this.copies = settings.scaled(100);
    }

    @Override
    public String name() {
        return "bot";
    }

    @Override
    public String description() {
        return String.format("the bot's schema and seed dataset x %d salons (%,d rows): integer, text and composite keys,"
                + " jsonb dialog histories of 20-119 messages", copies, copies * SEED_ROWS);
    }

    @Override
    public String schemaSql() {
        return SqlTemplate.read("botdb/schema.sql");
    }

    @Override
    public String dataSql() {
        return SqlTemplate.read("botdb/sample-dataset.sql")
                + SqlTemplate.load("benchmark/bot-copies.sql", Map.of("copies", copies));
    }
}

package org.supabasemigrator.benchmark;

import java.util.Map;

/**
 * Scenario "app": an app-shaped project (profiles, posts, tags, post_tags, comments; ~250,000 rows at scale 1)
 * whose keys are what Supabase apps use and the bot does not: random uuids, a text key, a composite (uuid, text)
 * key, and an identity key with a self-referencing foreign key. Every key type must read as fast as integers.
 */
final class AppDataset implements SourceDataset {

    private final long profiles;
    private final long posts;
    private final long tags;
    private final long comments;

    AppDataset(BenchmarkSettings settings) {
        this.profiles = settings.scaled(20_000);
        this.posts = settings.scaled(60_000);
        this.tags = Math.max(10, settings.scaled(2_000));
        this.comments = settings.scaled(76_000);
    }

    @Override
    public String name() {
        return "app";
    }

    @Override
    public String description() {
        return String.format("profiles %,d (uuid key), posts %,d (uuid), tags %,d (text), post_tags ~%,d ((uuid, text)),"
                + " comments %,d (identity, self-reference)", profiles, posts, tags, posts * 23 / 15, comments);
    }

    @Override
    public String schemaSql() {
        return SqlTemplate.read("benchmark/app-schema.sql");
    }

    @Override
    public String dataSql() {
        return SqlTemplate.load("benchmark/app-data.sql",
                Map.of("profiles", profiles, "posts", posts, "tags", tags, "comments", comments));
    }
}

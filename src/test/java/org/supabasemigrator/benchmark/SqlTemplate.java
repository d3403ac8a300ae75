package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A SQL script from the test class path with {@code {name}} placeholders for row counts: the datasets keep their
 * SQL in files that read as SQL, and only the sizes come from the benchmark's settings.
 */
final class SqlTemplate {

    private SqlTemplate() {
    }

    static String load(String resource, Map<String, ?> values) {
        String sql = read(resource);
        for (Map.Entry<String, ?> value : values.entrySet()) {
            String placeholder = "{" + value.getKey() + "}";
            if (!sql.contains(placeholder)) {
                throw new IllegalArgumentException(resource + " has no placeholder " + placeholder);
            }
            sql = sql.replace(placeholder, String.valueOf(value.getValue()));
        }
        return sql;
    }

    static String read(String resource) {
        try (InputStream in = SqlTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

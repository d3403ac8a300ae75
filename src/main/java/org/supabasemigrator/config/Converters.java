package org.supabasemigrator.config;

import java.net.URI;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Settings whose form a constraint cannot say: a malformed value stops the start with one message naming the
 * property and showing the expected form, next to any missing ones.
 */
public final class Converters {

    private Converters() {
    }

    /** An http(s) URL with a host, e.g. {@code https://abcdefgh.supabase.co}. */
    public static final class HttpUrl implements Converter<String> {
        @Override
        public String convert(String value) {
            try {
                URI uri = URI.create(value.trim());
                if ((uri.getScheme() != null && uri.getScheme().matches("https?")) && uri.getHost() != null) {
                    return value.trim();
                }
            } catch (IllegalArgumentException malformed) {
                // reported below
            }
            throw new IllegalArgumentException("expected an http(s) URL such as https://abcdefgh.supabase.co, got '"
                    + value + "'");
        }
    }

    /** A PostgreSQL JDBC URL. */
    public static final class JdbcUrl implements Converter<String> {
        @Override
        public String convert(String value) {
            if (!value.trim().startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "expected a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/database, got '" + value + "'");
            }
            return value.trim();
        }
    }
}

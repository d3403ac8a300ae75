package org.supabasemigrator.config;

import java.net.URI;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Checks settings as they are read, so a malformed value stops the start with one message naming the
 * property, next to any missing ones.
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

    /** A whole number of at least 1. */
    public static final class PositiveInteger implements Converter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int number = Integer.parseInt(value.trim());
                if (number >= 1) {
                    return number;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException("expected a whole number of at least 1, got '" + value + "'");
        }
    }

    /** A table or schema name: letters, digits, underscores, as PostgreSQL identifiers usually are. */
    public static final class Identifier implements Converter<String> {
        private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

        @Override
        public String convert(String value) {
            if (!IDENTIFIER.matcher(value.trim()).matches()) {
                throw new IllegalArgumentException("expected a table or schema name (letters, digits, _), got '"
                        + value + "'");
            }
            return value.trim();
        }
    }

    /** A secret must not be blank; the value itself is never echoed. */
    public static final class Secret implements Converter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("must not be blank");
            }
            return value;
        }
    }
}

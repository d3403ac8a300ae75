package org.supabasemigrator.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;

/**
 * The target PostgreSQL server. The datasource (quarkus.datasource.*) is configured from these values in
 * application.properties; declaring them here makes a missing one stop the start with its name.
 */
@ConfigMapping(prefix = "target")
public interface TargetSettings {

    /** {@code jdbc:postgresql://host:5432/db} ({@code TARGET_JDBC_URL}). */
    @WithConverter(Converters.JdbcUrl.class)
    String jdbcUrl();

    /** {@code TARGET_DB_USER}. */
    String dbUser();

    /** {@code TARGET_DB_PASSWORD}; empty for trust or peer authentication. Secret. */
    Optional<String> dbPassword();
}

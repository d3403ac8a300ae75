package org.supabasemigrator.targetdb;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one {@link JdbcTemplate} on the target database, over the datasource Camel SQL and the sink's
 * transactions use too: a statement made inside a sink transaction joins the connection it bound.
 */
public class TargetJdbc {

    @Produces
    @Singleton
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }
}

package org.supabasemigrator.config;

import java.net.URI;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Secure by default towards a remote target: a JDBC URL to a host other than this machine that names no
 * {@code sslmode} gets {@code sslmode=verify-full} (encrypted, certificate and host name checked). A URL that
 * names its own sslmode is used as given.
 */
public class TargetTlsDefault implements ConfigSourceInterceptor {

    static final String URL = "quarkus.datasource.jdbc.url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!URL.equals(name) || value == null || value.getValue() == null) {
            return value;
        }
        return value.withValue(withSecureDefault(value.getValue()));
    }

    static String withSecureDefault(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.contains("sslmode=")) {
            return jdbcUrl;
        }
        String host;
        try {
            host = URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
        } catch (IllegalArgumentException e) {
            return jdbcUrl;
        }
        if (StartupChecks.isLocal(host)) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "sslmode=verify-full";
    }
}

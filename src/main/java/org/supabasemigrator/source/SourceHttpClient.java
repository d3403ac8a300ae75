package org.supabasemigrator.source;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.message.BasicHeader;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.config.SourceSettings;

/**
 * Puts the service role key on every source request at the HTTP client, not in Camel message headers, so the
 * key never travels with exchanges into logs, traces or dead letters. The client follows no redirect (a
 * redirect is reported, never followed, so the key goes to SUPABASE_URL and nowhere else) and decompresses
 * gzip bodies, which Supabase's gateway sends when asked.
 */
@ApplicationScoped
@Named("sourceHttpClient")
public class SourceHttpClient implements HttpClientConfigurer {

    private final SourceSettings source;
    private final String schema;

    public SourceHttpClient(SourceSettings source, MigratorSettings settings) {
        this.source = source;
        this.schema = settings.sourceSchema();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableRedirectHandling();
        builder.setDefaultHeaders(List.of(
                new BasicHeader("apikey", source.serviceRoleKey()),
                new BasicHeader("Authorization", "Bearer " + source.serviceRoleKey()),
                new BasicHeader("Accept-Profile", schema),
                new BasicHeader("Accept", "application/json")));
    }
}

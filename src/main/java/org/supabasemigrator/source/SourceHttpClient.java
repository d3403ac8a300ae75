package org.supabasemigrator.source;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.message.BasicHeader;
import org.supabasemigrator.config.SourceSettings;

/**
 * Puts the service role key on every source request at the HTTP client, not in Camel message headers, so the
 * key never travels with exchanges into logs, traces or dead letters.
 */
@ApplicationScoped
@Named("sourceHttpClient")
public class SourceHttpClient implements HttpClientConfigurer {

    private final SourceSettings settings;

    public SourceHttpClient(SourceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setDefaultHeaders(List.of(
                new BasicHeader("apikey", settings.serviceRoleKey()),
                new BasicHeader("Authorization", "Bearer " + settings.serviceRoleKey()),
                new BasicHeader("Accept-Profile", settings.schema()),
                new BasicHeader("Accept", "application/json")));
    }
}

package org.supabasemigrator.config;

import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;

/** Where the rows come from: the Supabase project's REST API (PostgREST). */
@ConfigMapping(prefix = "supabase")
public interface SourceSettings {

    /** Project URL, e.g. {@code https://abcdefgh.supabase.co} ({@code SUPABASE_URL}). */
    @WithConverter(Converters.HttpUrl.class)
    String url();

    /** Service role key or secret key, sent as {@code apikey} and bearer token ({@code SUPABASE_SERVICE_ROLE_KEY}). Secret. */
    @NotBlank
    String serviceRoleKey();

    /** Base of the table endpoints: {@code {url}/rest/v1}. */
    default String restUrl() {
        String base = url().endsWith("/") ? url().substring(0, url().length() - 1) : url();
        return base + "/rest/v1";
    }
}

package org.supabasemigrator.testsupport.postgrest;

/** How the root endpoint {@code GET /rest/v1/} (the OpenAPI document) answers. */
public enum OpenApiMode {
    /** PostgREST's default ({@code openapi-mode=follow-privileges}): the document, for any key. */
    ENABLED,
    /**
     * Supabase's platform since March 2026: the document only for the service role and secret keys; other keys
     * get 403 {@code {"message":"Access to schema is forbidden","hint":"Accessing the schema via the Data API is
     * only allowed using a secret API key."}} from the gateway.
     */
    SECRET_KEYS_ONLY,
    /** {@code openapi-mode=disabled} on PostgREST 12: 200 with an empty body. */
    DISABLED_V12,
    /** {@code openapi-mode=disabled} on PostgREST 13 and later: 404 PGRST126 "Root endpoint metadata is disabled". */
    DISABLED_V13
}

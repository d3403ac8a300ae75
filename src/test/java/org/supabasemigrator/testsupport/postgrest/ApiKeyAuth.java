package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.Headers;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supabase's two auth layers as a client sees them: Kong checks the {@code apikey} (header or query
 * parameter), then PostgREST checks the bearer token. Here a bearer token is valid only when it equals
 * the key. Table-level grants are emulated by a deny list, answered like a missing SELECT grant.
 */
final class ApiKeyAuth {

    private final String apikey;
    private final Set<String> deniedTables;

    /** @param apikey the accepted key; null turns key checking off */
    ApiKeyAuth(String apikey, Set<String> deniedTables) {
        this.apikey = apikey;
        this.deniedTables = Set.copyOf(deniedTables);
    }

    /** Throws the 401 a Supabase project would answer, or returns when the request may proceed. */
    void check(Headers headers, List<Map.Entry<String, String>> params) {
        if (apikey == null) {
            return;
        }
        String key = headers.getFirst("apikey");
        if (key == null) {
            key = params.stream().filter(p -> p.getKey().equals("apikey")).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (key == null) {
            throw PostgrestError.gateway(401, "No API key found in request",
                    "No `apikey` request header or url param was found.");
        }
        if (!key.equals(apikey)) {
            throw PostgrestError.gateway(401, "Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).trim().equals(apikey)) {
            throw PostgrestError.of(401, "PGRST301", "JWSError JWSInvalidSignature", null, null);
        }
    }

    void checkTable(String table) {
        if (deniedTables.contains(table)) {
            throw PostgrestError.of(401, "42501", "permission denied for table " + table, null, null);
        }
    }
}

package org.supabasemigrator.testsupport.postgrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import org.supabasemigrator.testsupport.postgrest.RequestParser.Param;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supabase's two auth layers as a client sees them. The gateway checks the {@code apikey} (header, or query
 * parameter) against the project's keys: missing or unknown answers 401 with the platform's body. PostgREST
 * then takes the role from the bearer JWT: a bearer equal to the apikey acts as the apikey's role (for a
 * new-style key the gateway mints that JWT); any other bearer must be a JWT signed with the project secret
 * ({@link SupabaseKeys#JWT_SECRET}) or one of the project keys, else PGRST301; an expired one is rejected.
 * Signatures of registered keys are not checked, their {@code role} claim is read.
 *
 * <p>Table grants are emulated by a deny list (SELECT revoked, other privileges kept, so the table stays in
 * the OpenAPI document), answered as PostgreSQL's 42501 with PostgREST's status: 401 for the anonymous role,
 * 403 for every other role (service_role included).
 */
final class ApiKeyAuth {

    /** Who a request runs as. {@code bypassRls}: service_role (and secret keys) have BYPASSRLS on Supabase. */
    record Principal(String role, String key, boolean bypassRls, JsonNode claims) {
        boolean serviceRole() {
            return role.equals("service_role");
        }

        boolean anonymous() {
            return role.equals("anon");
        }
    }

    static final Principal UNCHECKED = new Principal("service_role", null, true, null);

    private final Map<String, String> keys; // accepted apikey -> role
    private final Set<String> deniedTables;
    private final PostgrestVersion version;

    /**
     * @param keys accepted keys and their roles; empty turns key checking off (everything runs as service_role)
     */
    ApiKeyAuth(Map<String, String> keys, Set<String> deniedTables, PostgrestVersion version) {
        this.keys = new LinkedHashMap<>(keys);
        this.deniedTables = Set.copyOf(deniedTables);
        this.version = version;
    }

    /** Throws the 401 Supabase would answer, or returns who the request runs as. */
    Principal check(Headers headers, List<Param> params) {
        if (keys.isEmpty()) {
            return UNCHECKED;
        }
        String key = headers.getFirst("apikey");
        if (key == null) {
            key = params.stream().filter(p -> p.key().equals("apikey") && p.value() != null).map(Param::value)
                    .findFirst().orElse(null);
        }
        if (key == null) {
            throw PostgrestError.gateway(401, "No API key found in request", "No `apikey` request header or url param was found.");
        }
        if (!keys.containsKey(key)) {
            throw PostgrestError.gateway(401, "Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
        }
        String token = bearer(headers.getFirst("Authorization"));
        if (token == null || token.equals(key)) {
            return principal(keys.get(key), key, SupabaseKeys.claims(key));
        }
        if (token.isEmpty()) {
            throw jwtError("PGRST301", version.atLeast(PostgrestVersion.V13) ? "Empty JWT is sent in Authorization header"
                    : "JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got 1)");
        }
        int parts = token.split("\\.", -1).length;
        if (parts != 3) {
            throw jwtError("PGRST301", version.atLeast(PostgrestVersion.V13) ? "Expected 3 parts in JWT; got " + parts
                    : "JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got " + parts + ")");
        }
        JsonNode claims = SupabaseKeys.claims(token);
        if (claims == null || !(keys.containsKey(token) || SupabaseKeys.verifies(token))) {
            throw jwtError("PGRST301", version.atLeast(PostgrestVersion.V13) ? "JWT cryptographic operation failed"
                    : "JWSError JWSInvalidSignature");
        }
        JsonNode exp = claims.get("exp");
        if (exp != null && exp.isNumber() && Instant.now().getEpochSecond() - 30 > exp.asLong()) {
            throw version.atLeast(PostgrestVersion.V13) ? jwtError("PGRST303", "JWT expired") : jwtError("PGRST301", "JWT expired");
        }
        JsonNode role = claims.get("role");
        return principal(role != null && role.isTextual() ? role.asText() : "anon", token, claims);
    }

    private static Principal principal(String role, String key, JsonNode claims) {
        return new Principal(role, key, role.equals("service_role") || role.equals("postgres")
                || role.equals("supabase_admin"), claims);
    }

    /** Wai's extractBearerAuth: {@code Bearer} in any case, then the token; null without a bearer. */
    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = 0;
        while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
            space++;
        }
        if (!value.substring(0, space).equalsIgnoreCase("bearer")) {
            return null;
        }
        return value.substring(space).strip();
    }

    private PostgrestError jwtError(String code, String message) {
        return PostgrestError.of(401, code, message, null, null)
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + message + "\"");
    }

    /** The 42501 of a table whose SELECT is revoked: 401 for anon, 403 for any other role (PostgREST's "authed"). */
    void checkTable(Principal principal, String table) {
        if (deniedTables.contains(table)) {
            PostgrestError error = PostgrestError.of(principal.anonymous() ? 401 : 403, "42501",
                    "permission denied for table " + table, null, null);
            throw principal.anonymous() ? error.withHeader("WWW-Authenticate", "Bearer") : error;
        }
    }
}

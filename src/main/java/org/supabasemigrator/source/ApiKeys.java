package org.supabasemigrator.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a Supabase API key may see. A JWT key carries its role in the {@code role} claim: {@code service_role}
 * bypasses row-level security, {@code anon} and {@code authenticated} see only what policies allow (and counts
 * agree with what they see, so a copy made with them looks complete and is not). New-style keys say it in their
 * prefix: {@code sb_secret_...} bypasses it, {@code sb_publishable_...} does not.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** Why the key sees less than every row, or empty when it is a service role or secret key (or unknown). */
    public static Optional<String> restriction(String key, ObjectMapper json) {
        if (key.startsWith("sb_secret_")) {
            return Optional.empty();
        }
        if (key.startsWith("sb_publishable_")) {
            return Optional.of("a publishable key (sb_publishable_...)");
        }
        String[] parts = key.split("\\.");
        if (parts.length != 3) {
            return Optional.empty(); // not a JWT: a gateway key of another form, judged by the source's answers
        }
        try {
            JsonNode claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String role = claims.path("role").asText("");
            return role.equals("anon") || role.equals("authenticated")
                    ? Optional.of("a JWT whose role is " + role) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException notAJwt) {
            return Optional.empty();
        }
    }
}

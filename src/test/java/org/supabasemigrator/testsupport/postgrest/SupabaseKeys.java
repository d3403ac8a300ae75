package org.supabasemigrator.testsupport.postgrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Supabase API keys for tests: legacy keys are HS256 JWTs ({@code {"iss":"supabase","ref":...,"role":"anon",
 * "iat":...,"exp":...}}) signed with the project's JWT secret; new-style keys are opaque {@code sb_secret_...}
 * (acts as service_role) and {@code sb_publishable_...} (acts as anon) strings the gateway swaps for a
 * short-lived JWT.
 *
 * <pre>{@code
 * String anon = SupabaseKeys.jwt("anon");
 * PostgrestServer.Config.builder(url).apikey(SupabaseKeys.jwt("service_role")).acceptKey(anon);
 * }</pre>
 *
 * The stand-in's JWT secret is the Supabase CLI's well-known local one: a bearer token signed with it is
 * valid there (a user's {@code authenticated} JWT, say) without being registered as a project key.
 */
public final class SupabaseKeys {

    /** The JWT secret of {@code supabase start}: every token minted here is signed with it. */
    public static final String JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
    /** The project ref written into minted keys. */
    public static final String PROJECT_REF = "standinprojectref";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SupabaseKeys() {
    }

    /** A legacy API key for a role ({@code anon}, {@code authenticated}, {@code service_role}), valid for ten years. */
    public static String jwt(String role) {
        Instant now = Instant.now();
        return jwt(role, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(3650)));
    }

    /** A JWT for a role that expires at {@code expiresAt} (in the past for an expired token). */
    public static String jwt(String role, Instant issuedAt, Instant expiresAt) {
        ObjectNode claims = Json.object();
        claims.put("iss", "supabase");
        claims.put("ref", PROJECT_REF);
        if (role != null) {
            claims.put("role", role);
        }
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        return sign(claims);
    }

    /** Signs any claims with {@link #JWT_SECRET} (HS256). */
    public static String sign(ObjectNode claims) {
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(Json.bytes(claims));
        return header + "." + payload + "." + B64.encodeToString(hmac(header + "." + payload));
    }

    /** A new-style secret key: {@code sb_secret_} and random characters. */
    public static String secretKey() {
        return "sb_secret_" + random(31);
    }

    /** A new-style publishable key: {@code sb_publishable_} and random characters. */
    public static String publishableKey() {
        return "sb_publishable_" + random(31);
    }

    /** Whether the key has the shape of a JWT (three dot-separated parts). */
    public static boolean isJwt(String key) {
        return key != null && key.split("\\.", -1).length == 3;
    }

    /**
     * The role a key acts as: the {@code role} claim of a JWT (PostgREST's anonymous role {@code anon} when it
     * has none), {@code service_role} for a secret key, {@code anon} for a publishable key; any other string
     * (an old test key) acts as the service role.
     */
    public static String role(String key) {
        if (key.startsWith("sb_secret_")) {
            return "service_role";
        }
        if (key.startsWith("sb_publishable_")) {
            return "anon";
        }
        JsonNode claims = claims(key);
        if (claims == null) {
            return "service_role";
        }
        JsonNode role = claims.get("role");
        return role != null && role.isTextual() ? role.asText() : "anon";
    }

    /** The claims of a JWT-shaped key, or null when it is not one (signature not checked). */
    static JsonNode claims(String token) {
        if (!isJwt(token)) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(B64_DECODE.decode(token.split("\\.", -1)[1]));
            return claims != null && claims.isObject() ? claims : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    /** Whether a JWT's signature is {@link #JWT_SECRET}'s HS256. */
    static boolean verifies(String token) {
        if (!isJwt(token)) {
            return false;
        }
        int last = token.lastIndexOf('.');
        byte[] expected = hmac(token.substring(0, last));
        try {
            return MessageDigest.isEqual(expected, B64_DECODE.decode(token.substring(last + 1)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}

package org.supabasemigrator.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.supabasemigrator.config.MigratorSettings;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes {@code /api/*} to callers without {@code Authorization: Bearer <MIGRATOR_CONTROL_TOKEN>}. It runs
 * before any route, compares in constant time, and never logs or echoes the token.
 */
@ApplicationScoped
public class ControlTokenFilter {

    private static final String UNAUTHORIZED = ApiError.of(401,
            "missing or wrong bearer token: send Authorization: Bearer <MIGRATOR_CONTROL_TOKEN>").json();

    private final byte[] expected;

    public ControlTokenFilter(MigratorSettings settings) {
        this.expected = ("Bearer " + settings.controlToken()).getBytes(StandardCharsets.UTF_8);
    }

    void register(@Observes Filters filters) {
        filters.register(this::authorize, 100);
    }

    private void authorize(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            context.next();
            return;
        }
        String presented = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            context.next();
            return;
        }
        context.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer")
                .end(UNAUTHORIZED);
    }
}

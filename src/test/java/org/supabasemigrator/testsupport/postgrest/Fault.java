package org.supabasemigrator.testsupport.postgrest;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure to inject instead of (or into) a normal response, as a flaky network or an overloaded
 * Supabase would produce it.
 *
 * @param kind  what goes wrong
 * @param stall for {@link Kind#STALL}: how long to wait before answering normally; zero otherwise
 */
public record Fault(Kind kind, Duration stall) {

    /** The default stall: longer than the read timeout a client would sensibly use in tests. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(10);

    public enum Kind {
        /** 500 with a PostgREST error body. */
        HTTP_500,
        /** 503 with an HTML body, like a gateway's error page. */
        HTTP_503_HTML,
        /** 429 with {@code Retry-After: 1}. */
        HTTP_429,
        /** The connection is closed without any response. */
        CONNECTION_RESET,
        /** Headers announce the full Content-Length, half the body is sent, then the connection is closed. */
        TRUNCATED_BODY,
        /** 200 with a body that is not valid JSON (the real page cut in half, Content-Length matching). */
        MALFORMED_JSON,
        /** 200 with a JSON object instead of an array: {@code {"oops":true}}. */
        OBJECT_BODY,
        /** Waits {@link Fault#stall()} before answering normally. */
        STALL
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        stall = stall == null ? Duration.ZERO : stall;
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, kind == Kind.STALL ? DEFAULT_STALL : Duration.ZERO);
    }

    public static Fault stall(Duration stall) {
        return new Fault(Kind.STALL, stall);
    }

    public static Fault http500() {
        return of(Kind.HTTP_500);
    }

    public static Fault http503() {
        return of(Kind.HTTP_503_HTML);
    }

    public static Fault tooManyRequests() {
        return of(Kind.HTTP_429);
    }

    public static Fault connectionReset() {
        return of(Kind.CONNECTION_RESET);
    }

    public static Fault truncatedBody() {
        return of(Kind.TRUNCATED_BODY);
    }

    public static Fault malformedJson() {
        return of(Kind.MALFORMED_JSON);
    }

    public static Fault objectBody() {
        return of(Kind.OBJECT_BODY);
    }
}

package org.supabasemigrator.testsupport.postgrest;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A failure to inject instead of (or into) a normal response, as a flaky network, an overloaded Supabase or
 * the gateways in front of it (Cloudflare, Envoy/Kong) would produce it.
 *
 * @param kind       what goes wrong
 * @param stall      for {@link Kind#STALL}: how long to wait before answering normally; zero otherwise
 * @param retryAfter for the 429 kinds that send {@code Retry-After}: the delay it names; null otherwise
 * @param location   for the redirect kinds: the origin ({@code http://host:port}) redirected to, keeping the
 *                   request's path and query; null otherwise
 */
public record Fault(Kind kind, Duration stall, Duration retryAfter, String location) {

    /** The default stall: longer than the read timeout a client would sensibly use in tests. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(10);

    /**
     * Kinds of fault. The first eight are the original set that {@link RandomFaultInjector} chooses from by
     * default ({@link #classic()}); new kinds are only injected when asked for.
     */
    public enum Kind {
        /** 500 with a PostgREST error body. */
        HTTP_500,
        /** 503 with an HTML body, like a gateway's error page. */
        HTTP_503_HTML,
        /** 429 with {@code Retry-After: 1} (or the seconds of {@link Fault#retryAfter()}) and a JSON body. */
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
        STALL,
        /** 429 whose {@code Retry-After} is an HTTP-date ({@link Fault#retryAfter()} from now). */
        HTTP_429_RETRY_AFTER_DATE,
        /** 429 with an HTML body and no {@code Retry-After}. */
        HTTP_429_HTML,
        /** 502 Bad Gateway, the gateway's HTML page. */
        HTTP_502_HTML,
        /** 504 Gateway Time-out, the gateway's HTML page. */
        HTTP_504_HTML,
        /** Cloudflare 520: web server is returning an unknown error (HTML). */
        CLOUDFLARE_520,
        /** Cloudflare 521: web server is down (HTML). */
        CLOUDFLARE_521,
        /** Cloudflare 522: connection timed out (HTML). */
        CLOUDFLARE_522,
        /** Cloudflare 523: origin is unreachable (HTML). */
        CLOUDFLARE_523,
        /** Cloudflare 524: a timeout occurred (HTML). */
        CLOUDFLARE_524,
        /** 301 to {@link Fault#location()}, same path and query. */
        REDIRECT_301,
        /** 302 to {@link Fault#location()}, same path and query. */
        REDIRECT_302,
        /** 307 to {@link Fault#location()}, same path and query. */
        REDIRECT_307,
        /** PostgREST's 500 for a cancelled statement ({@code 57014}), without running the query. */
        STATEMENT_TIMEOUT;

        boolean isRedirect() {
            return this == REDIRECT_301 || this == REDIRECT_302 || this == REDIRECT_307;
        }
    }

    /** The original eight kinds, the default choice of {@link RandomFaultInjector} (seeded runs stay as they were). */
    public static Set<Kind> classic() {
        return EnumSet.range(Kind.HTTP_500, Kind.STALL);
    }

    /** Every kind that needs no parameter (all but the redirects). */
    public static Set<Kind> withoutRedirects() {
        Set<Kind> kinds = EnumSet.allOf(Kind.class);
        kinds.removeIf(Kind::isRedirect);
        return kinds;
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        stall = stall == null ? Duration.ZERO : stall;
        if (kind.isRedirect() && location == null) {
            throw new IllegalArgumentException(kind + " needs a location (an origin such as http://127.0.0.1:8080)");
        }
    }

    public Fault(Kind kind, Duration stall) {
        this(kind, stall, null, null);
    }

    /** A fault of a kind that needs no parameter (redirects need {@link #redirect}). */
    public static Fault of(Kind kind) {
        return switch (kind) {
            case STALL -> stall(DEFAULT_STALL);
            case HTTP_429 -> new Fault(kind, Duration.ZERO, Duration.ofSeconds(1), null);
            case HTTP_429_RETRY_AFTER_DATE -> new Fault(kind, Duration.ZERO, Duration.ofSeconds(2), null);
            default -> new Fault(kind, Duration.ZERO);
        };
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

    /** 429 with {@code Retry-After: 1}. */
    public static Fault tooManyRequests() {
        return of(Kind.HTTP_429);
    }

    /** 429 with {@code Retry-After} in (whole) seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(Kind.HTTP_429, Duration.ZERO, retryAfter, null);
    }

    /** 429 with {@code Retry-After} as an HTTP-date, {@code retryAfter} from now. */
    public static Fault tooManyRequestsUntil(Duration retryAfter) {
        return new Fault(Kind.HTTP_429_RETRY_AFTER_DATE, Duration.ZERO, retryAfter, null);
    }

    /** 429 with an HTML page and no {@code Retry-After}. */
    public static Fault tooManyRequestsHtml() {
        return of(Kind.HTTP_429_HTML);
    }

    public static Fault badGateway() {
        return of(Kind.HTTP_502_HTML);
    }

    public static Fault gatewayTimeout() {
        return of(Kind.HTTP_504_HTML);
    }

    /** A Cloudflare 52x page: 520, 521, 522, 523 or 524. */
    public static Fault cloudflare(int status) {
        return of(switch (status) {
            case 520 -> Kind.CLOUDFLARE_520;
            case 521 -> Kind.CLOUDFLARE_521;
            case 522 -> Kind.CLOUDFLARE_522;
            case 523 -> Kind.CLOUDFLARE_523;
            case 524 -> Kind.CLOUDFLARE_524;
            default -> throw new IllegalArgumentException("Cloudflare's 52x statuses are 520 to 524: " + status);
        });
    }

    /** 302 to another origin, same path and query: {@code Fault.redirect("http://127.0.0.1:" + port)}. */
    public static Fault redirect(String origin) {
        return redirect(302, origin);
    }

    /** A 301, 302 or 307 to another origin, same path and query. */
    public static Fault redirect(int status, String origin) {
        Kind kind = switch (status) {
            case 301 -> Kind.REDIRECT_301;
            case 302 -> Kind.REDIRECT_302;
            case 307 -> Kind.REDIRECT_307;
            default -> throw new IllegalArgumentException("redirects are 301, 302 or 307: " + status);
        };
        return new Fault(kind, Duration.ZERO, null, origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
    }

    /** PostgREST's 500 / 57014 "canceling statement due to statement timeout", the query not run. */
    public static Fault statementTimeout() {
        return of(Kind.STATEMENT_TIMEOUT);
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

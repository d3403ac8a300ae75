package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A complete response held in memory (one page at most), so that fault injection can cut or corrupt it.
 * Sent with a fixed Content-Length, or, when the gateway compresses it, gzip-encoded in chunks.
 */
record RestResponse(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    /**
     * What Supabase's gateway does to responses: gzip when the client accepts it and the body is at least
     * {@code minimumBytes} long ({@code Content-Encoding: gzip}, {@code Vary: Accept-Encoding}).
     */
    record Compression(boolean enabled, int level, int minimumBytes) {
        static final Compression OFF = new Compression(false, 0, 0);

        /** Whether {@code response} goes out gzip-encoded to this exchange's client. */
        boolean applies(HttpExchange exchange, RestResponse response) {
            return enabled && response.body().length >= minimumBytes && compressible(response)
                    && acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"));
        }

        private static boolean compressible(RestResponse response) {
            String type = response.headers().getOrDefault("Content-Type", "");
            return type.contains("json") || type.startsWith("text/");
        }
    }

    static RestResponse json(int status, byte[] body) {
        return of(status, JSON, body);
    }

    static RestResponse of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new RestResponse(status, headers, body);
    }

    RestResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RestResponse withHeaders(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    /**
     * Sends headers and the whole body; HEAD gets the same headers and no body. Compressed bodies are streamed
     * through the deflater in chunks (no Content-Length, as gateways send them).
     */
    void send(HttpExchange exchange, boolean head, Compression compression) throws IOException {
        putHeaders(exchange);
        boolean gzip = compression.applies(exchange, this);
        if (compression.enabled() && Compression.compressible(this)) {
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        }
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            if (head) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream out = gzipStream(exchange.getResponseBody(), compression.level())) {
                    out.write(body);
                }
            }
        } else if (head) {
            // The JDK server refuses a length for HEAD and omits the header: set it ourselves, like a GET would.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    void putHeaders(HttpExchange exchange) {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    }

    /** A gzip stream at the given deflate level, buffered in 64 KB so that chunks are large. */
    static OutputStream gzipStream(OutputStream out, int level) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(level);
            }
        };
    }

    static byte[] gzip(byte[] body, int level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (OutputStream out = gzipStream(bytes, level)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether an Accept-Encoding header list names gzip (or {@code *}) with a quality above zero. */
    static boolean acceptsGzip(java.util.List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                    continue;
                }
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].strip();
                    if (param.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(param.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}

package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 and a free port that records every request (method, path and query,
 * headers) and answers with a fixed response ({@code 200 []} by default). Point a redirect at it to prove
 * that a client did not carry its key to another origin:
 *
 * <pre>{@code
 * try (RequestRecorder elsewhere = RequestRecorder.start()) {
 *     faults.enqueue("clients", Fault.redirect(elsewhere.origin()));
 *     ... run the client ...
 *     assertThat(elsewhere.requests()).noneMatch(r -> r.header("apikey") != null || r.header("Authorization") != null);
 * }
 * }</pre>
 */
public final class RequestRecorder implements AutoCloseable {

    /** One request as received; header names are case-insensitive. */
    public record Recorded(String method, String pathAndQuery, Map<String, List<String>> headers) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private RequestRecorder(int status, String contentType, byte[] body) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "request-recorder");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, status, contentType, body));
        server.start();
    }

    /** Answers every request with {@code 200 []} (application/json). */
    public static RequestRecorder start() {
        return start(200, "application/json; charset=utf-8", "[]".getBytes(StandardCharsets.UTF_8));
    }

    /** Answers every request with the given response. */
    public static RequestRecorder start(int status, String contentType, byte[] body) {
        return new RequestRecorder(status, contentType, body.clone());
    }

    private void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(new Recorded(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                Collections.unmodifiableMap(headers)));
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, for {@link Fault#redirect(String)}. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request received so far, in order. */
    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** Whether any request received so far carried the header (any value). */
    public boolean received(String header) {
        return requests.stream().anyMatch(r -> r.headers().containsKey(header));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference (b), the source's floor: every page of a table fetched one at a time from the PostgREST-compatible
 * server with the service's own keyset requests and headers, each body read fully and thrown away. No parsing,
 * no writing: what a migration would take if only reading the REST API cost anything.
 */
final class SourceDrain {

    /**
     * A drain of one table: its pages (the final empty one included), rows, body bytes and times;
     * machineBusyShare: share of all cores busy meanwhile (server and database included), 0..1.
     */
    record Result(long latencyMs, long rows, long bodyBytes, double seconds, double rowsPerSecond, double mbPerSecond,
            PageTimes pageTimes, double machineBusyShare) {
    }

    private static final byte[] ROW_START = "{\"id\":".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apikey;

    SourceDrain(String baseUrl, String apikey) {
        this.baseUrl = baseUrl;
        this.apikey = apikey;
    }

    /** Drains a table keyed by a single integer column {@code id}, {@code pageSize} rows asked per page. */
    Result drain(String table, String selectList, int pageSize, long latencyMs) throws IOException, InterruptedException {
        List<Long> pageNanos = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        String last = null;
        double busy = MachineLoad.busySeconds();
        long start = System.nanoTime();
        while (true) {
            String query = "select=" + encode(selectList) + "&order=id.asc" + (last == null ? "" : "&id=gt." + last)
                    + "&limit=" + pageSize;
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/rest/v1/" + table + "?" + query))
                    .header("apikey", apikey).header("Authorization", "Bearer " + apikey)
                    .header("Accept-Profile", "public").header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(2)).GET().build();
            long pageStart = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            pageNanos.add(System.nanoTime() - pageStart);
            byte[] body = response.body();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("drain of " + table + " got " + response.statusCode() + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            bytes += body.length;
            int pageRows = countRows(body);
            if (pageRows == 0) {
                break; // like the service: a table ends with an empty page, never a short one
            }
            rows += pageRows;
            last = lastId(body);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        busy = MachineLoad.busySeconds() - busy;
        return new Result(latencyMs, rows, bytes, seconds, rows / seconds, bytes / 1e6 / seconds, PageTimes.of(pageNanos),
                busy / (seconds * Runtime.getRuntime().availableProcessors()));
    }

    /** Each row object opens with {"id": (id is the first column; nested JSON arrives as escaped text). */
    private static int countRows(byte[] body) {
        int count = 0;
        for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, i + ROW_START.length)) {
            count++;
        }
        return count;
    }

    private static String lastId(byte[] body) {
        int at = -1;
        for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, i + ROW_START.length)) {
            at = i;
        }
        int from = at + ROW_START.length;
        int to = from;
        while (to < body.length && (Character.isDigit(body[to]) || body[to] == '-')) {
            to++;
        }
        return new String(body, from, to - from, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] body, int from) {
        outer:
        for (int i = from; i <= body.length - ROW_START.length; i++) {
            for (int j = 0; j < ROW_START.length; j++) {
                if (body[i + j] != ROW_START[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

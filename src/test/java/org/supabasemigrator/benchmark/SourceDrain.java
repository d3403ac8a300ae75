package org.supabasemigrator.benchmark;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The reference a whole run is measured against: ONE sequential reader that fetches every page of every table
 * from the same PostgREST-compatible server at the same latency, with the service's keyset requests
 * ({@link KeysetQuery}, 1000 rows a page), the service's headers (apikey, Authorization, Accept-Profile,
 * Accept, and Accept-Encoding: gzip unless told otherwise), each body decompressed and read to its end
 * ({@link PageScanner}) and thrown away. No transform, no write, no verification, no parallelism: what reading
 * the REST API alone costs, which a service reading in parallel should come close to.
 */
final class SourceDrain {

    /**
     * One table drained: pages (the final empty one included), rows, body bytes as sent (gzip-compressed where the
     * server compressed them; HTTP chunk framing not counted) and as JSON, seconds.
     */
    record TableDrain(String table, long rows, int pages, long wireBytes, long jsonBytes, double seconds) {
    }

    /**
     * Every table drained; machineBusyShare: share of all cores busy meanwhile (server and database included).
     *
     * @param gzip whether the requests asked for gzip (Accept-Encoding: gzip)
     */
    record Result(long latencyMs, boolean gzip, long rows, int pages, long wireBytes, long jsonBytes, double seconds,
            double rowsPerSecond, double jsonMbPerSecond, PageTimes pageTimes, double machineBusyShare,
            List<TableDrain> tables) {
    }

    static final int PAGE_ROWS = 1000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apikey;

    SourceDrain(String baseUrl, String apikey) {
        this.baseUrl = baseUrl;
        this.apikey = apikey;
    }

    Result drain(List<SourceTable> tables, long latencyMs, boolean gzip) throws IOException, InterruptedException {
        List<Long> pageNanos = new ArrayList<>();
        List<TableDrain> drained = new ArrayList<>();
        double busy = MachineLoad.busySeconds();
        long start = System.nanoTime();
        for (SourceTable table : tables) {
            drained.add(drain(table, gzip, pageNanos));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        busy = MachineLoad.busySeconds() - busy;
        long rows = drained.stream().mapToLong(TableDrain::rows).sum();
        long wire = drained.stream().mapToLong(TableDrain::wireBytes).sum();
        long json = drained.stream().mapToLong(TableDrain::jsonBytes).sum();
        return new Result(latencyMs, gzip, rows, pageNanos.size(), wire, json, seconds, rows / seconds,
                json / 1e6 / seconds, PageTimes.of(pageNanos), busy / (seconds * Runtime.getRuntime().availableProcessors()),
                drained);
    }

    private TableDrain drain(SourceTable table, boolean gzip, List<Long> pageNanos) throws IOException, InterruptedException {
        long rows = 0;
        int pages = 0;
        long wire = 0;
        long json = 0;
        List<String> last = null;
        long start = System.nanoTime();
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/rest/v1/"
                    + URLEncoder.encode(table.name(), StandardCharsets.UTF_8) + "?" + KeysetQuery.page(table, last, PAGE_ROWS)))
                    .header("apikey", apikey).header("Authorization", "Bearer " + apikey)
                    .header("Accept-Profile", "public").header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(5)).GET();
            if (gzip) {
                request.header("Accept-Encoding", "gzip");
            }
            long pageStart = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            PageScanner.Page page;
            try (Counting onWire = new Counting(response.body());
                    Counting asJson = new Counting(response.headers().firstValue("Content-Encoding").orElse("")
                            .equalsIgnoreCase("gzip") ? new GZIPInputStream(onWire, 1 << 16) : onWire)) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("drain of " + table.name() + " got HTTP " + response.statusCode() + ": "
                            + new String(asJson.readAllBytes(), StandardCharsets.UTF_8));
                }
                page = PageScanner.scan(asJson, table.keyColumns());
                onWire.transferTo(OutputStream.nullOutputStream());
                wire += onWire.count;
                json += asJson.count;
            }
            pageNanos.add(System.nanoTime() - pageStart);
            pages++;
            if (page.rows() == 0) {
                break; // like the service: a table ends with an empty page, never a short one
            }
            rows += page.rows();
            last = page.lastKey();
        }
        return new TableDrain(table.name(), rows, pages, wire, json, (System.nanoTime() - start) / 1e9);
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {

        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

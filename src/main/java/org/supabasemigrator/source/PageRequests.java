package org.supabasemigrator.source;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.observability.MigrationMetrics;
import org.supabasemigrator.run.SliceCursor;
import org.supabasemigrator.transform.RecordTransformer;
import org.supabasemigrator.transform.TableMapping;

/**
 * Builds keyset page requests: {@code order=<key>.asc&<key>=gt.<last>&limit=<page size>}. For a composite key
 * the "greater than" is spelled out as PostgREST logic: {@code or=(a.gt.X,and(a.eq.X,b.gt.Y))}.
 */
@ApplicationScoped
@Named("pageRequests")
public class PageRequests {

    private final int pageSize;
    private final MigrationMetrics metrics;
    private final RecordTransformer transformer;

    public PageRequests(MigratorSettings settings, MigrationMetrics metrics, RecordTransformer transformer) {
        this.pageSize = settings.pageSize();
        this.metrics = metrics;
        this.transformer = transformer;
    }

    /** The request for the page after the slice's last read key. */
    public SourceRequest next(@ExchangeProperty("slice") SliceCursor slice) {
        TableMapping mapping = slice.getTableRun().getMapping();
        List<String> key = mapping.keyColumns();
        StringJoiner query = new StringJoiner("&");
        query.add("select=" + encode(slice.isKeysOnly() ? String.join(",", key) : mapping.selectList()));
        query.add("order=" + encode(String.join(",", key.stream().map(k -> k + ".asc").toList())));
        String changedSince = slice.getTableRun().getChangedSince();
        if (changedSince != null && slice.isCopy()) {
            query.add(encode(slice.getTableRun().getWatermarkColumn()) + "=gte." + encode(changedSince));
        }
        if (slice.getLastRead() != null) {
            query.add(after(key, slice.getLastRead()));
        }
        if (slice.getUpperKey() != null) {
            query.add(encode(key.get(0)) + "=lte." + encode(slice.getUpperKey().get(0)));
        }
        query.add("limit=" + pageSize);
        return SourceRequest.page(mapping.table(), query.toString(), "page of " + mapping.table()
                + (slice.getLastRead() == null ? " from the start" : " after " + describe(key, slice.getLastRead())));
    }

    /**
     * Moves the read position past a page just framed, before its rows are transformed: they arrive in key
     * order, so the last row's key (read by the transform, which also checks it is there) is where the next
     * page starts, and the request for it can go out at once.
     */
    public void advance(@ExchangeProperty("slice") SliceCursor slice,
            @ExchangeProperty(RecordTransformer.MAPPING) TableMapping mapping, List<SourceRecord> page) {
        slice.readPast(transformer.transform(mapping, page.get(page.size() - 1)).key());
        if (slice.isCopy()) {
            slice.getTableRun().countRead(page.size());
            metrics.read(slice.getTable(), page.size());
        }
    }

    static String after(List<String> key, List<String> last) {
        if (key.size() == 1) {
            return encode(key.get(0)) + "=gt." + encode(last.get(0));
        }
        // (a, b, c) > (X, Y, Z)  ==  a > X  or  (a = X and b > Y)  or  (a = X and b = Y and c > Z)
        StringJoiner or = new StringJoiner(",", "(", ")");
        for (int i = 0; i < key.size(); i++) {
            StringJoiner and = new StringJoiner(",", "and(", ")");
            for (int j = 0; j < i; j++) {
                and.add(key.get(j) + ".eq." + quote(last.get(j)));
            }
            and.add(key.get(i) + ".gt." + quote(last.get(i)));
            or.add(i == 0 ? key.get(0) + ".gt." + quote(last.get(0)) : and.toString());
        }
        return "or=" + encode(or.toString());
    }

    static String describe(List<String> key, List<String> values) {
        StringJoiner joiner = new StringJoiner(", ");
        for (int i = 0; i < key.size(); i++) {
            joiner.add(key.get(i) + "=" + values.get(i));
        }
        return joiner.toString();
    }

    /** Double quotes let values hold the commas, dots and parentheses that delimit PostgREST logic trees. */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package org.supabasemigrator.source;

import java.util.List;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;

/**
 * Keyset page requests: {@code order=<key>.asc} and, in one logic tree, {@code key > last read}, the key range's
 * upper bound and (incremental runs) the change-tracking filter; {@code limit} as the slice sized it. Every name
 * and value is quoted (see {@link Postgrest}); a request longer than the source's URI limit is refused here.
 */
@ApplicationScoped
@Named("pageQueries")
public class PageQueries {

    private final int maxUriBytes;
    private final long pageBytes;

    public PageQueries(MigratorSettings settings) {
        this.maxUriBytes = settings.source().maxUriBytes();
        this.pageBytes = settings.pageBudgetBytes();
    }

    /** The request for the page after the slice's last read key. */
    public SourceRequest next(@ExchangeProperty("slice") Slice slice) {
        TableRun table = slice.getTableRun();
        TableMapping mapping = table.getMapping();
        List<String> key = mapping.keyColumns();
        StringJoiner query = new StringJoiner("&");
        query.add(slice.getPurpose() == Slice.Purpose.KEYS ? SelectLists.keys(mapping.keyColumnDefinitions())
                : table.getSelectList());
        query.add("order=" + Postgrest.encode(order(key)));
        StringJoiner conditions = new StringJoiner(",");
        if (slice.getLastRead() != null) {
            KeyFilters.after(key, slice.getLastRead(), conditions);
        }
        if (slice.getUpperKey() != null) {
            KeyFilters.upTo(key, slice.getUpperKey(), conditions);
        }
        if (table.getChangedSince() != null && slice.getPurpose() == Slice.Purpose.COPY) {
            conditions.add(KeyFilters.cmp(table.getWatermarkColumn(), "gte", table.getChangedSince()));
        }
        if (conditions.length() > 0) {
            query.add("and=" + Postgrest.encode("(" + conditions + ")"));
        }
        query.add("limit=" + slice.getPageLimit());
        String context = "page of " + mapping.table() + (slice.getLastRead() == null ? " from the start"
                : " after " + KeyFilters.describe(key, slice.getLastRead()));
        // a page of several rows may be cut short at eight budgets: its rows are larger than the last ones
        SourceRequest request = SourceRequest.page(mapping.table(), query.toString(), context,
                slice.getPageLimit() > 1 ? 8 * pageBytes : 0);
        return checked(request);
    }

    /** The request, unless it is longer than the source's gateway takes. */
    public SourceRequest checked(SourceRequest request) {
        if (request.uriLength() > maxUriBytes) {
            throw new SourceException("the request for the " + request.context() + " is " + request.uriLength()
                    + " bytes long, more than the source takes (MIGRATOR_SOURCE_MAX_URI_BYTES " + maxUriBytes
                    + "): its key values are too long to page by", false);
        }
        return request;
    }

    static String order(List<String> key) {
        StringJoiner order = new StringJoiner(",");
        key.forEach(k -> order.add(Postgrest.name(k) + ".asc"));
        return order.toString();
    }

    /** Bytes a table's {@code select} may take: the URI limit less the path, order, filters and limit. */
    public int selectBudget(String table, List<String> key) {
        int path = "/rest/v1/".length() + Postgrest.pathSegment(table).length() + 1;
        int order = ("order=" + Postgrest.encode(order(key))).length() + 1;
        // two key bounds and a watermark filter, values of up to ~100 bytes each, encoded
        int filters = 3 * key.stream().mapToInt(k -> Postgrest.encode(Postgrest.name(k)).length() + 300).sum() + 400;
        return maxUriBytes - path - order - filters - "&limit=1000000".length();
    }
}

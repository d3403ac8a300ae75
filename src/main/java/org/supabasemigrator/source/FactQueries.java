package org.supabasemigrator.source;

import java.util.List;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.TableRun;

/**
 * The few requests a table needs before its pages, each answered by an index in the source (never a scan that
 * grows with the table, which would outlast the source's statement timeout): its first row with the planner's
 * row estimate, its highest key, its newest change-tracking value, and keys at row offsets where key ranges
 * are cut. The routes send them at once.
 */
@ApplicationScoped
@Named("factQueries")
public class FactQueries {

    private final PageQueries pages;

    public FactQueries(PageQueries pages) {
        this.pages = pages;
    }

    /** The first row in key order, with {@code Prefer: count=planned}: key, size of a row, estimated rows. */
    public SourceRequest firstRow(@ExchangeProperty("tableRun") TableRun table) {
        TableMapping mapping = table.getMapping();
        return pages.checked(SourceRequest.value(mapping.table(), table.getSelectList() + "&order="
                + Postgrest.encode(PageQueries.order(mapping.keyColumns())) + "&limit=1", "first row of " + mapping.table())
                .withPlannedCount());
    }

    /**
     * The highest key ({@code order=key.desc} with {@code key=not.is.null}, which a default ascending index
     * serves), for keys whose ranges are cut by value (integers, uuids); null for others.
     */
    public SourceRequest lastKey(@ExchangeProperty("tableRun") TableRun table) {
        TableMapping mapping = table.getMapping();
        if (!KeySpace.interpolable(mapping)) {
            return null;
        }
        Column key = mapping.keyColumnDefinitions().get(0);
        return pages.checked(SourceRequest.value(mapping.table(), SelectLists.keys(List.of(key)) + "&order="
                + Postgrest.encode(Postgrest.name(key.name()) + ".desc") + "&and="
                + Postgrest.encode("(" + Postgrest.name(key.name()) + ".not.is.null)") + "&limit=1",
                "highest " + key.name() + " of " + mapping.table()));
    }

    /** The newest change-tracking value, as PostgREST prints it (ISO timestamps); null without the column. */
    public SourceRequest watermark(@ExchangeProperty("tableRun") TableRun table) {
        String column = table.getWatermarkColumn();
        if (column == null || table.getRun().getMode() == org.supabasemigrator.model.Mode.VERIFY) {
            return null;
        }
        return pages.checked(SourceRequest.value(table.getTable(), "select=" + Postgrest.encode(Postgrest.name(column))
                + "&order=" + Postgrest.encode(Postgrest.name(column) + ".desc") + "&and="
                + Postgrest.encode("(" + Postgrest.name(column) + ".not.is.null)") + "&limit=1",
                "newest " + column + " of " + table.getTable()));
    }

    /** The key at a row offset, in key order: a point where a key range is cut. */
    public SourceRequest keyAt(TableRun table, long offset) {
        TableMapping mapping = table.getMapping();
        StringJoiner query = new StringJoiner("&");
        query.add(SelectLists.keys(mapping.keyColumnDefinitions()));
        query.add("order=" + Postgrest.encode(PageQueries.order(mapping.keyColumns())));
        query.add("offset=" + offset);
        query.add("limit=1");
        return pages.checked(SourceRequest.value(mapping.table(), query.toString(),
                "key at row " + offset + " of " + mapping.table()));
    }
}

package org.supabasemigrator.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.config.MigratorSettings;
import org.supabasemigrator.json.JsonCursor;
import org.supabasemigrator.json.MalformedJsonException;
import org.supabasemigrator.model.Page;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.SourceRecord;

/**
 * Frames a page body into its row objects without decoding them: each record is a view of the exact bytes the
 * source sent, for the transform and for the dead-letter store. A body that is not a complete JSON array of
 * objects (cut off, HTML, an error object) is rejected whole, inside the retried fetch, so a page is never
 * half-applied. An empty page ends its key range (as does a short one, once the source is known to answer pages of
 * that size in full); the size of the others sizes the next page.
 */
@ApplicationScoped
@Named("pageFraming")
public class PageFraming {

    private final SourcePermits permits;
    private final int pageSize;

    public PageFraming(MigratorSettings settings, SourcePermits permits) {
        this.permits = permits;
        this.pageSize = settings.pageSize();
    }

    public Page frame(@ExchangeProperty("slice") Slice slice, SourceResponse response, Exchange exchange) {
        Page page = new Page(split(response.body()), response.body().length);
        slice.answered(page.getSize());
        if (page.isEmpty()) {
            slice.markEnd();
        } else {
            slice.observeRows(page.getSize(), page.bytes());
            // the next page weighs what the range's share of the heap for pages can hold
            slice.sizePage(permits.pageBudget(exchange, slice.fullPageBytes(pageSize)), pageSize);
        }
        return page;
    }

    /** The empty page after a range's last one, known without asking the source. */
    public Page end(@ExchangeProperty("slice") Slice slice) {
        slice.markEnd();
        return new Page(List.of(), 0);
    }

    public static List<SourceRecord> split(byte[] body) {
        JsonCursor page = new JsonCursor(body, 0, body.length);
        if (!page.consume('[')) {
            throw new MalformedPageException("expected a JSON array of rows, got " + preview(body));
        }
        List<SourceRecord> records = new ArrayList<>();
        try {
            if (!page.consume(']')) {
                do {
                    if (page.peek() != '{') {
                        throw page.unexpected("only row objects in the page array");
                    }
                    int start = page.skipValue();
                    records.add(new SourceRecord(body, start, page.position() - start));
                } while (page.consume(','));
                page.expect(']');
            }
            if (!page.atEnd()) {
                throw page.unexpected("nothing after the page array");
            }
        } catch (MalformedJsonException e) {
            throw new MalformedPageException("page body is not valid JSON (" + e.getMessage() + "), "
                    + body.length + " bytes received");
        }
        return records;
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return body.length == 0 ? "an empty body" : "'" + text + (body.length > 80 ? "...'" : "'");
    }
}

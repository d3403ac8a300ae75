package org.supabasemigrator.transform;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.model.Page;
import org.supabasemigrator.model.Slice;
import org.supabasemigrator.model.TableMapping;
import org.supabasemigrator.model.event.PageRead;

/**
 * Moves a slice past a page as soon as the page is framed, before its rows are transformed, so the request for
 * the next page can go out at once: rows arrive in key order, so the last row's key is where the next page
 * starts. A page that did not move past the previous one (the source ignored the key filter) is an error,
 * never an endless loop.
 */
@ApplicationScoped
@Named("pageKeys")
public class PageKeys {

    private final RecordTransformer transformer;
    private final Event<PageRead> read;

    public PageKeys(RecordTransformer transformer, Event<PageRead> read) {
        this.transformer = transformer;
        this.read = read;
    }

    public void advance(@ExchangeProperty("slice") Slice slice, Page page) {
        TableMapping mapping = slice.getTableRun().getMapping();
        List<String> first = transformer.key(mapping, page.records().get(0));
        List<String> last = page.getSize() == 1 ? first : transformer.key(mapping, page.records().get(page.getSize() - 1));
        if (first.equals(slice.getLastRead()) || first.equals(slice.getPreviousFirstKey())) {
            throw new RecordException("the source answered the " + slice + " page after " + slice.getLastRead()
                    + " with rows from before it: it ignored the key filter (a column named like a PostgREST keyword?);"
                    + " stopped instead of reading the same rows again");
        }
        slice.pageStarted(first);
        slice.readPast(last);
        if (slice.getPurpose() == Slice.Purpose.COPY) {
            slice.getTableRun().countRead(page.getSize());
            read.fire(new PageRead(slice.getTable(), page.getSize()));
        }
    }
}

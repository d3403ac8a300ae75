package org.supabasemigrator.source;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.supabasemigrator.run.SliceCursor;

/**
 * Reads a slice one page ahead: as soon as a page's last key is known, the request for the next page goes out
 * (route {@code fetch-page}, with its retries) while the page is transformed and written, so the source's
 * round trip overlaps the target's write instead of adding to it. A slice has at most one page in flight and
 * one ahead, so requests to the source stay bounded by the number of slices read at once. A page fetched
 * ahead of a stop is dropped unwritten: the checkpoint has not moved past it, so the resume reads it again.
 */
@ApplicationScoped
@Named("pagePrefetch")
public class PagePrefetch {

    private final CamelContext camel;
    private final PageRequests requests;
    private volatile ProducerTemplate producer;

    public PagePrefetch(CamelContext camel, PageRequests requests) {
        this.camel = camel;
        this.requests = requests;
    }

    /** Sends the request for the page after the slice's last read key, without waiting for the answer. */
    public void prefetch(@ExchangeProperty("slice") SliceCursor slice) {
        slice.pageAhead(send(slice));
    }

    /** The records of the next page: the one fetched ahead, or fetched now. A failed fetch fails the caller. */
    @SuppressWarnings("unchecked")
    public List<SourceRecord> take(@ExchangeProperty("slice") SliceCursor slice) throws Exception {
        CompletableFuture<Exchange> ahead = slice.takePageAhead();
        Exchange fetched = (ahead != null ? ahead : send(slice)).join();
        if (fetched.getException() != null) {
            throw fetched.getException();
        }
        return fetched.getMessage().getBody(List.class);
    }

    private CompletableFuture<Exchange> send(SliceCursor slice) {
        Exchange fetch = ExchangeBuilder.anExchange(camel).withBody(requests.next(slice)).withProperty("slice", slice).build();
        return producer().asyncSend("direct:fetch-page", fetch);
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }
}

package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.Page;

/**
 * The multicast of route {@code read-pages} handles one page while it fetches the next: the result is the page
 * fetched ahead, once the page in hand was handled (transformed, written, compared). A failure of either
 * branch fails the multicast, and with it the slice.
 */
@ApplicationScoped
@Named("pageAhead")
public class PageAheadStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange result, Exchange branch) {
        if (result == null || result.getException() != null) {
            return result == null ? branch : result;
        }
        if (branch.getException() != null) {
            return branch; // the failure goes on to the slice
        }
        return branch.getMessage().getBody() instanceof Page ? branch : result;
    }
}

package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.Slice;

/**
 * The content enricher of route {@code copy-slice}: once the verify pass over a key range's rows written but not
 * compared (route {@code verify-gap}) is through, the range knows how far its rows are compared. A failure of
 * the pass fails the range.
 */
@ApplicationScoped
@Named("gapVerified")
public class GapVerifiedStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange original, Exchange pass) {
        if (pass.getException() != null) {
            original.setException(pass.getException());
        } else if (original.getProperty("slice") instanceof Slice slice && pass.getProperty("slice") instanceof Slice gap) {
            slice.verified(gap.getVerifiedKey());
        }
        return original;
    }
}

package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.supabasemigrator.source.SourceRequests;

/**
 * A page's exchange made lean before the split copies it once per record: Camel copies every property into
 * each record's exchange. Two kinds of property no record reads are dropped. Camel's route timers (the
 * Micrometer route policy) leave a sample on the exchange for every route it is inside, named after the
 * exchange's id, so a copy carries the samples of the routes around it without ever reading one; and the
 * source request's properties serve only that request's retries. A page thus went from 16 properties copied
 * a thousand times (each copy's map grown twice) to 4.
 */
@ApplicationScoped
@Named("leanPageExchange")
public class LeanPageExchange {

    /** How camel-micrometer's route policy names a timer sample: this prefix, the route, the exchange's id. */
    static final String TIMER_SAMPLE = "camel.route.policy-";

    public void trim(Exchange exchange) {
        String own = "-" + exchange.getExchangeId();
        // the sample of the route this exchange is in ends with its own id: its timer still needs it
        exchange.getProperties().keySet().removeIf(name -> name.startsWith(TIMER_SAMPLE) && !name.endsWith(own));
        exchange.removeProperty(SourceRequests.REQUEST);
        exchange.removeProperty(SourceRequests.STARTED);
    }
}

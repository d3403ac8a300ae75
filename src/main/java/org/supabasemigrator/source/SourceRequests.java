package org.supabasemigrator.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns a {@link SourceRequest} body into the headers the Camel HTTP producer sends. */
@ApplicationScoped
@Named("sourceRequests")
public class SourceRequests {

    public static final String REQUEST = "sourceRequest";
    public static final String STARTED = "sourceRequestStarted";

    public void prepare(Exchange exchange) {
        SourceRequest request = exchange.getMessage().getBody(SourceRequest.class);
        exchange.setProperty(REQUEST, request);
        exchange.setProperty(STARTED, System.nanoTime());
        Message message = exchange.getMessage();
        // headers of an earlier response must not go out as request headers; Camel's own (the redelivery
        // counter among them) stay
        message.removeHeaders("*", "Camel*");
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_PATH, "rest/v1/" + request.table());
        message.setHeader(Exchange.HTTP_RAW_QUERY, request.query());
        if (request.countExact()) {
            message.setHeader("Prefer", "count=exact");
        }
        message.setBody(null);
    }
}

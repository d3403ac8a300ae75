package org.supabasemigrator.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * Turns a {@link SourceRequest} body into the headers the Camel HTTP producer sends. The key is not among them:
 * the HTTP client adds it ({@link SourceHttpClient}).
 */
@ApplicationScoped
@Named("sourceRequests")
public class SourceRequests {

    public static final String REQUEST = "sourceRequest";
    public static final String STARTED = "sourceRequestStarted";
    /** The HTTP status the source answered the request with, for as long as the request holds its permit. */
    public static final String STATUS = "sourceResponseStatus";

    public void prepare(Exchange exchange) {
        SourceRequest request = exchange.getMessage().getBody(SourceRequest.class);
        exchange.setProperty(REQUEST, request);
        exchange.setProperty(STARTED, System.nanoTime());
        Message message = exchange.getMessage();
        // headers of an earlier response (or of the control request a run came from) must not go out as request
        // headers; Camel's own (the redelivery counter among them) stay, but not those that would redirect the call
        message.removeHeaders("*", "Camel*");
        message.removeHeaders("CamelHttp*");
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET); // the enum: no conversion per request
        message.setHeader(Exchange.HTTP_PATH, "rest/v1/" + Postgrest.pathSegment(request.table()));
        message.setHeader(Exchange.HTTP_RAW_QUERY, request.query());
        if (request.countPlanned()) {
            message.setHeader("Prefer", "count=planned");
        }
        message.setBody(null);
    }

    /** The API description at {@code /rest/v1/}. */
    public SourceRequest description() {
        return SourceRequest.description();
    }
}

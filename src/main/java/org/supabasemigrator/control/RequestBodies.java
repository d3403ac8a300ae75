package org.supabasemigrator.control;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The body of a control request as the REST binding left it: the JSON request object, or none when the request
 * had no body ({@code curl -X POST} without {@code -d}: the binding leaves an empty body unread). A body the
 * binding did not read as JSON is refused, never taken for "no request", which would start a run of every table
 * for a request that named some.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static <T> T optional(Exchange exchange, Class<T> type) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (body == null || type.isInstance(body)) {
            return type.cast(body);
        }
        String text = message.getBody(String.class);
        if (text == null || text.isBlank()) {
            return null;
        }
        throw ApiException.badRequest("the request body is not a JSON object: send it with Content-Type: application/json");
    }
}

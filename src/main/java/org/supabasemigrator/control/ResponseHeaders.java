package org.supabasemigrator.control;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The control API's header filter. Responses carry no message headers but their content type: request headers
 * (the bearer token among them) and query parameters are never echoed back. A request's own content type is
 * left out of the message, so the REST binding reads and answers JSON whatever a client declares (curl's form
 * default, a client's text/plain for an empty body).
 */
@ApplicationScoped
@Named("responseHeaders")
public class ResponseHeaders extends DefaultHeaderFilterStrategy {

    public ResponseHeaders() {
        setOutFilterStartsWith(new String[0]);
        setOutFilterPattern("(?i)(?!content-type$).*");
        setCaseInsensitive(true);
        setInFilter(Set.of("content-type"));
    }
}

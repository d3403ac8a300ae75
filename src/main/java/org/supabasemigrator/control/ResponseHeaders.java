package org.supabasemigrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Control API responses carry no message headers but their content type: request headers (the bearer
 * token among them) and query parameters are never echoed back.
 */
@ApplicationScoped
@Named("responseHeaders")
public class ResponseHeaders extends DefaultHeaderFilterStrategy {

    public ResponseHeaders() {
        setOutFilterStartsWith(new String[0]);
        setOutFilterPattern("(?i)(?!content-type$).*");
    }
}

package org.supabasemigrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.supabasemigrator.run.MigrationRunner;

/** Maps a failed control request to a status and an {@link ApiError} body, with no stack trace or secret in it. */
@ApplicationScoped
@Named("apiErrors")
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    public ApiError toError(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = failure instanceof ApiException api ? api.getStatus()
                : failure instanceof IllegalArgumentException || failure instanceof com.fasterxml.jackson.core.JsonProcessingException ? 400
                : 500;
        String message = status == 500 ? "internal error: " + MigrationRunner.describe(failure)
                : MigrationRunner.describe(failure);
        if (status == 500) {
            LOG.error("Control request failed: " + message, failure);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return new ApiError(status, reasonPhrase(status), message);
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Internal Server Error";
        };
    }
}

package org.supabasemigrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import org.supabasemigrator.run.RunConflictException;
import org.supabasemigrator.run.RunOutcome;
import org.supabasemigrator.targetdb.SqlFailures;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Maps a failed control request to a status and an {@link ApiError} body, with no stack trace or secret in it.
 * The body is written as JSON text here: the REST binding does not marshal answers with an error status.
 */
@ApplicationScoped
@Named("apiErrors")
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    private final RunOutcome outcome;

    public ApiErrors(RunOutcome outcome) {
        this.outcome = outcome;
    }

    public String toError(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = status(failure);
        String message = status == 500 ? "internal error: " + outcome.describe(failure) : outcome.describe(failure);
        if (status == 500) {
            LOG.error("Control request failed: " + message, failure);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return ApiError.of(status, message).json();
    }

    private static int status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api.getStatus();
            }
            if (t instanceof RunConflictException) {
                return 409;
            }
            if (t instanceof IllegalArgumentException || t instanceof JsonProcessingException) {
                return 400;
            }
            if (SqlFailures.targetUnavailable(t)) {
                return 503;
            }
        }
        return 500;
    }
}

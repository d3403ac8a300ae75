package org.supabasemigrator.control;

/** The JSON body of every 4xx/5xx answer of the control API. */
public record ApiError(int status, String error, String message) {
}

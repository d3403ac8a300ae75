package org.supabasemigrator.json;

/** Bytes that are not the JSON expected, with where in them the problem is. */
public class MalformedJsonException extends RuntimeException {

    public MalformedJsonException(String message) {
        super(message);
    }
}

package org.supabasemigrator.transform;

/**
 * A row the source served that cannot become a target row (no key value, broken JSON inside a framed page):
 * asking again would not help, so the table fails with this message.
 */
public class RecordException extends RuntimeException {

    public RecordException(String message) {
        super(message);
    }
}

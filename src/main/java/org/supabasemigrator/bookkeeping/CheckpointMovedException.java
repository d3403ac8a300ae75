package org.supabasemigrator.bookkeeping;

/**
 * A slice's checkpoint in the target is not where this process left it (the target lost its last commits in a
 * crash, or another process moved it): the transaction is rolled back and the slice continues from what the
 * target holds.
 */
public class CheckpointMovedException extends RuntimeException {

    public CheckpointMovedException(String message) {
        super(message);
    }
}

package org.supabasemigrator.model.event;

import org.supabasemigrator.model.RunState;

/** A run changed state. */
public record RunStateChanged(long runId, RunState state) {
}

package org.supabasemigrator.testsupport.postgrest;

import java.util.Optional;

/**
 * Decides, per request, whether to inject a {@link Fault}. Consulted once for every authorized request
 * (tables and the OpenAPI document alike; the provided injectors leave the OpenAPI document alone
 * unless told otherwise). Called from several worker threads at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface FaultInjector {

    /** Injects nothing. */
    FaultInjector NONE = request -> Optional.empty();

    Optional<Fault> next(RequestInfo request);
}

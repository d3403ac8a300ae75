package org.supabasemigrator.testsupport.postgrest;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Injects a fault into a fraction of table requests, choosing the kind uniformly from a set. Seeded, so
 * a single-threaded client sees the same sequence of faults on every run.
 */
public final class RandomFaultInjector implements FaultInjector {

    private final double rate;
    private final Random random;
    private final List<Fault.Kind> kinds;
    private final Duration stall;
    private final boolean includeOpenApi;

    /** Every kind of fault, stalls of {@link Fault#DEFAULT_STALL}, table requests only. */
    public RandomFaultInjector(double rate, long seed) {
        this(rate, seed, EnumSet.allOf(Fault.Kind.class), Fault.DEFAULT_STALL, false);
    }

    /**
     * @param rate           probability in [0, 1] that a request gets a fault
     * @param kinds          the kinds to choose from
     * @param stall          how long a {@link Fault.Kind#STALL} waits
     * @param includeOpenApi whether the OpenAPI document may fail too
     */
    public RandomFaultInjector(double rate, long seed, Set<Fault.Kind> kinds, Duration stall, boolean includeOpenApi) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no fault kinds to choose from");
        }
        this.rate = rate;
        this.random = new Random(seed);
        this.kinds = List.copyOf(EnumSet.copyOf(kinds));
        this.stall = stall;
        this.includeOpenApi = includeOpenApi;
    }

    @Override
    public Optional<Fault> next(RequestInfo request) {
        if (request.isOpenApi() && !includeOpenApi) {
            return Optional.empty();
        }
        synchronized (random) {
            if (random.nextDouble() >= rate) {
                return Optional.empty();
            }
            Fault.Kind kind = kinds.get(random.nextInt(kinds.size()));
            return Optional.of(kind == Fault.Kind.STALL ? Fault.stall(stall) : Fault.of(kind));
        }
    }
}

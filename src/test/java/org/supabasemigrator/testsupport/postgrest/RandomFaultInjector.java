package org.supabasemigrator.testsupport.postgrest;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Injects a fault into a fraction of table requests, choosing the kind uniformly from a set. Seeded, so
 * a single-threaded client sees the same sequence of faults on every run (for a given set of kinds: the
 * default is {@link Fault#classic()}, the eight original kinds, so adding kinds changed no seeded run).
 */
public final class RandomFaultInjector implements FaultInjector {

    private final double rate;
    private final Random random;
    private final List<Fault.Kind> kinds;
    private final Duration stall;
    private final boolean includeOpenApi;
    private final String redirectOrigin;

    /** The original kinds ({@link Fault#classic()}), stalls of {@link Fault#DEFAULT_STALL}, table requests only. */
    public RandomFaultInjector(double rate, long seed) {
        this(rate, seed, Fault.classic(), Fault.DEFAULT_STALL, false);
    }

    /**
     * @param rate           probability in [0, 1] that a request gets a fault
     * @param kinds          the kinds to choose from (no redirects: those need an origin, see the other constructor)
     * @param stall          how long a {@link Fault.Kind#STALL} waits
     * @param includeOpenApi whether the OpenAPI document may fail too
     */
    public RandomFaultInjector(double rate, long seed, Set<Fault.Kind> kinds, Duration stall, boolean includeOpenApi) {
        this(rate, seed, kinds, stall, includeOpenApi, null);
    }

    /** As above; redirect kinds send clients to {@code redirectOrigin} ({@code http://host:port}). */
    public RandomFaultInjector(double rate, long seed, Set<Fault.Kind> kinds, Duration stall, boolean includeOpenApi,
                               String redirectOrigin) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no fault kinds to choose from");
        }
        if (redirectOrigin == null && kinds.stream().anyMatch(Fault.Kind::isRedirect)) {
            throw new IllegalArgumentException("redirect faults need an origin to redirect to");
        }
        this.rate = rate;
        this.random = new Random(seed);
        this.kinds = List.copyOf(EnumSet.copyOf(kinds));
        this.stall = stall;
        this.includeOpenApi = includeOpenApi;
        this.redirectOrigin = redirectOrigin;
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
            if (kind == Fault.Kind.STALL) {
                return Optional.of(Fault.stall(stall));
            }
            if (kind.isRedirect()) {
                return Optional.of(Fault.redirect(Integer.parseInt(kind.name().substring("REDIRECT_".length())), redirectOrigin));
            }
            return Optional.of(Fault.of(kind));
        }
    }
}

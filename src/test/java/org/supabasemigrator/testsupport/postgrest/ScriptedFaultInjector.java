package org.supabasemigrator.testsupport.postgrest;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Injects faults exactly where a test says:
 * <pre>{@code
 * ScriptedFaultInjector faults = new ScriptedFaultInjector()
 *         .failNth("clients", 2, Fault.truncatedBody())              // the 2nd request to clients
 *         .enqueue("whatsapp_keys", Fault.http503(), Fault.http429()) // the next two requests to whatsapp_keys
 *         .enqueue(ScriptedFaultInjector.ANY_TABLE, Fault.connectionReset());
 * }</pre>
 * Table names match exactly; {@link #ANY_TABLE} matches every table, {@link #OPENAPI} the OpenAPI document
 * (which is otherwise never failed). Requests are counted per target from the injector's creation.
 * An nth-request rule wins over a queued fault for the same request; each fault is used once.
 */
public final class ScriptedFaultInjector implements FaultInjector {

    /** Matches a request to any table or view. */
    public static final String ANY_TABLE = "*";
    /** Matches the OpenAPI document at {@code /rest/v1/}. */
    public static final String OPENAPI = "/";

    private final Map<String, Integer> seen = new HashMap<>();
    private final Map<String, Map<Integer, Fault>> nth = new HashMap<>();
    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private int injected;

    /** Fails the {@code n}th (1-based) request to {@code table} with {@code fault}. */
    public synchronized ScriptedFaultInjector failNth(String table, int n, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n is 1-based: " + n);
        }
        nth.computeIfAbsent(table, t -> new HashMap<>()).put(n, fault);
        return this;
    }

    /** Applies {@code faults} to the next requests to {@code table}, one fault per request, in order. */
    public synchronized ScriptedFaultInjector enqueue(String table, Fault... faults) {
        queued.computeIfAbsent(table, t -> new ArrayDeque<>()).addAll(Arrays.asList(faults));
        return this;
    }

    /** How many requests to {@code target} (a table, {@link #ANY_TABLE} or {@link #OPENAPI}) were seen. */
    public synchronized int requestCount(String target) {
        return seen.getOrDefault(target, 0);
    }

    /** How many faults were handed out so far. */
    public synchronized int injectedCount() {
        return injected;
    }

    /** How many scripted faults have not fired yet. */
    public synchronized int pendingCount() {
        return nth.values().stream().mapToInt(Map::size).sum() + queued.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public synchronized Optional<Fault> next(RequestInfo request) {
        String[] targets = request.isOpenApi() ? new String[] {OPENAPI} : new String[] {request.table(), ANY_TABLE};
        int[] counts = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            counts[i] = seen.merge(targets[i], 1, Integer::sum);
        }
        for (int i = 0; i < targets.length; i++) {
            Map<Integer, Fault> rules = nth.get(targets[i]);
            Fault fault = rules == null ? null : rules.remove(counts[i]);
            if (fault != null) {
                injected++;
                return Optional.of(fault);
            }
        }
        for (String target : targets) {
            Deque<Fault> queue = queued.get(target);
            if (queue != null && !queue.isEmpty()) {
                injected++;
                return Optional.of(queue.poll());
            }
        }
        return Optional.empty();
    }
}

package org.supabasemigrator.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The service's own timers from its last {@code /q/metrics}: {@code migrator_*} timers (e.g. the source request
 * duration {@code migrator_source_request_seconds}) and Camel's per-route timers (label routeId or route_id), whichever the
 * service exposes. Shows where a run's time went from the inside, without changing the service.
 */
final class ServiceTimers {

    /** One timer series: what it times, count, total, mean and max (Micrometer's max is of the last minutes). */
    record Timer(String what, String name, Map<String, String> labels, long count, double totalSeconds, double meanMs,
            double maxMs) {
    }

    private ServiceTimers() {
    }

    /** The timers' counts and totals between two scrapes of the same service (before: null for since start). */
    static List<Timer> between(PrometheusText before, PrometheusText after) {
        List<Timer> timers = new ArrayList<>();
        for (Timer t : of(after)) {
            long count = t.count();
            double total = t.totalSeconds();
            if (before != null) {
                count -= (long) before.sum(t.name() + "_count", l -> l.equals(t.labels()));
                total -= before.sum(t.name() + "_sum", l -> l.equals(t.labels()));
            }
            if (count > 0) {
                timers.add(new Timer(t.what(), t.name(), t.labels(), count, total, total * 1000 / count, t.maxMs()));
            }
        }
        timers.sort(Comparator.comparingDouble(Timer::totalSeconds).reversed());
        return timers;
    }

    static List<Timer> of(PrometheusText metrics) {
        List<Timer> timers = new ArrayList<>();
        for (PrometheusText.Sample count : metrics.named(n -> n.endsWith("_seconds_count"))) {
            String base = count.name().substring(0, count.name().length() - "_count".length());
            // Camel names the label routeId, or route_id under Micrometer's snake-case naming convention
            String route = count.labels().getOrDefault("routeId", count.labels().get("route_id"));
            boolean perRoute = route != null && !route.isEmpty(); // an empty route id is the whole context
            if (!base.startsWith("migrator_") && !perRoute) {
                continue;
            }
            double sum = metrics.sum(base + "_sum", l -> l.equals(count.labels()));
            double max = metrics.max(base + "_max", l -> l.equals(count.labels()));
            long n = (long) count.value();
            String what = perRoute ? "route " + route : base + count.labels();
            timers.add(new Timer(what, base, count.labels(), n, sum, n == 0 ? 0 : sum * 1000 / n, max * 1000));
        }
        timers.sort(Comparator.comparingDouble(Timer::totalSeconds).reversed());
        return timers;
    }
}

package org.supabasemigrator.observability;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes every meter of the scrape, the libraries' included, follow Prometheus' conventions, so
 * {@code promtool check metrics} passes on {@code /q/metrics}: label names in snake_case (Camel's
 * {@code routeId} becomes {@code route_id}), a HELP text for every metric and none with double quotes
 * (written as an escape the text format does not know), and no metric whose name carries an abbreviated unit
 * or a misleading {@code _count} suffix (two JVM meters that duplicate others).
 */
public class PrometheusHelpText {

    private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");

    @Produces
    @Singleton
    MeterFilter withoutDuplicatesInOtherUnits() {
        // process_cpu_time_ns_total duplicates process_cpu_usage; system_cpu_count is a gauge named like a counter;
        // the HTTP connection long-task timer exposes two series with no family of their own
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")
                || id.getName().equals("http.server.connections"));
    }

    @Produces
    @Singleton
    MeterFilter conventionalNamesAndHelp() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription() == null || id.getDescription().isBlank()
                        ? id.getName().replace('.', ' ') : id.getDescription().replace('"', '\'');
                Tags tags = Tags.empty();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags = tags.and(snakeCase(tag.getKey()), tag.getValue());
                }
                return new Meter.Id(id.getName(), tags, id.getBaseUnit(), description, id.getType());
            }
        };
    }

    static String snakeCase(String key) {
        Matcher matcher = CAMEL_CASE.matcher(key);
        return matcher.replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}

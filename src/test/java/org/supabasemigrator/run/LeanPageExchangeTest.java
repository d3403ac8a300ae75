package org.supabasemigrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.supabasemigrator.source.SourceRequests;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What a record's exchange carries once its page was trimmed, in a Camel context with the route timers the
 * service runs with (camel-micrometer's route policy): so the test fails if Camel names its samples otherwise.
 */
class LeanPageExchangeTest {

    @Test
    void recordsCarryOnlyWhatTheyReadAndEveryRouteTimerStillCounts() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Set<String>> recordProperties = new CopyOnWriteArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            MicrometerRoutePolicyFactory timers = new MicrometerRoutePolicyFactory();
            timers.setMeterRegistry(registry);
            MicrometerRoutePolicyConfiguration perRoute = new MicrometerRoutePolicyConfiguration();
            perRoute.setContextEnabled(true);
            perRoute.setRouteEnabled(true);
            timers.setPolicyConfiguration(perRoute);
            camel.addRoutePolicyFactory(timers);
            camel.getRegistry().bind("leanPageExchange", new LeanPageExchange());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:slice").routeId("slice")
                            .setProperty("tableRun", constant("clients"))
                            .setProperty(SourceRequests.REQUEST, constant("page request"))
                            .setProperty(SourceRequests.STARTED, constant(1L))
                            .multicast().to("direct:page");
                    from("direct:page").routeId("page")
                            .bean("leanPageExchange", "trim")
                            .split(body()).shareUnitOfWork()
                            .process(record -> recordProperties.add(Set.copyOf(record.getProperties().keySet())));
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:slice", List.of("a", "b", "c"));

            assertThat(recordProperties).hasSize(3);
            // the page route's own sample stays (its timer ends with the page); the slice route's does not reach records
            assertThat(recordProperties.get(0)).hasSize(2).contains("tableRun")
                    .anyMatch(name -> name.startsWith(LeanPageExchange.TIMER_SAMPLE + "page-"))
                    .noneMatch(name -> name.startsWith(LeanPageExchange.TIMER_SAMPLE + "slice-"));
            for (String route : List.of("slice", "page")) {
                Timer timer = registry.find("camel.route.policy").tag("routeId", route).timer();
                assertThat(timer).as("timer of route %s", route).isNotNull();
                assertThat(timer.count()).as("exchanges timed by route %s", route).isEqualTo(1);
            }
        }
    }
}

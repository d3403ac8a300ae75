package org.supabasemigrator.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.SourceDescription;
import org.supabasemigrator.model.SourceTable;
import org.supabasemigrator.source.SourceDescriptions;
import org.supabasemigrator.source.SourceRequest;
import org.supabasemigrator.source.SourceRequests;
import org.supabasemigrator.source.SourceResponse;

/**
 * For a source that hides its API description: the answers to the probes of route {@code probe-tables} (one row
 * of each table, or 404 for a table the source does not have) gathered into a description of the columns the
 * source has; as the content enricher of route {@code describe-source} it replaces the empty description. Types
 * stay unknown: the preflight takes them from the target and says so.
 */
@ApplicationScoped
@Named("probedDescription")
public class ProbedDescriptionStrategy implements AggregationStrategy {

    private static final String PROBED = "probedTables";

    private final SourceDescriptions descriptions;

    public ProbedDescriptionStrategy(SourceDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange gathered, Exchange next) {
        if (gathered != null && gathered.getMessage().getBody() instanceof SourceDescription unavailable) {
            // the enricher: the probes' tables replace the empty description
            Map<String, SourceTable> tables = next.getMessage().getBody(Map.class);
            gathered.getMessage().setBody(new SourceDescription(tables == null ? Map.of() : tables, unavailable.unavailable()));
            return gathered;
        }
        Exchange into = gathered == null ? next : gathered;
        Map<String, SourceTable> tables = into.getProperty(PROBED, Map.class);
        if (tables == null) {
            tables = new LinkedHashMap<>();
            into.setProperty(PROBED, tables);
        }
        SourceRequest probe = next.getProperty(SourceRequests.REQUEST, SourceRequest.class);
        if (probe != null && next.getMessage().getBody() instanceof SourceResponse answer) {
            Map<String, String> columns = new LinkedHashMap<>();
            descriptions.probedColumns(answer).forEach(c -> columns.put(c, ""));
            tables.put(probe.table(), new SourceTable(probe.table(), columns, List.of(), List.of()));
        }
        return into;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onCompletion(Exchange gathered) {
        Object tables = gathered.removeProperty(PROBED);
        if (tables != null) {
            gathered.getMessage().setBody(tables);
        }
    }
}

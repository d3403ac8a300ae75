package org.supabasemigrator.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.supabasemigrator.model.TableFacts;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.source.FactAnswers.FirstRow;
import org.supabasemigrator.source.FactAnswers.LastRow;
import org.supabasemigrator.source.FactAnswers.Watermark;
import org.supabasemigrator.transform.RecordTransformer;

/**
 * Gathers the answers of a table's concurrent fact requests (route {@code table-facts}) into its
 * {@link TableFacts}; keys are read from the rows as the transform reads them.
 */
@ApplicationScoped
@Named("tableFacts")
public class TableFactsStrategy implements AggregationStrategy {

    private static final String PIECES = "tableFactPieces";

    private final RecordTransformer transformer;

    public TableFactsStrategy(RecordTransformer transformer) {
        this.transformer = transformer;
    }

    @Override
    public Exchange aggregate(Exchange facts, Exchange answer) {
        Exchange into = facts == null ? answer : facts;
        Object[] pieces = into.getProperty(PIECES, Object[].class);
        if (pieces == null) {
            pieces = new Object[3];
            into.setProperty(PIECES, pieces);
        }
        Object body = answer.getMessage().getBody();
        if (body instanceof FirstRow first) {
            pieces[0] = first;
        } else if (body instanceof LastRow last) {
            pieces[1] = last;
        } else if (body instanceof Watermark watermark) {
            pieces[2] = watermark;
        }
        return into;
    }

    @Override
    public void onCompletion(Exchange facts) {
        Object[] pieces = facts.removeProperty(PIECES) instanceof Object[] p ? p : new Object[3];
        TableRun table = facts.getProperty("tableRun", TableRun.class);
        FirstRow first = (FirstRow) pieces[0];
        LastRow last = (LastRow) pieces[1];
        Watermark watermark = (Watermark) pieces[2];
        facts.getMessage().setBody(new TableFacts(first == null ? null : first.estimatedRows(),
                first == null || first.record() == null ? null : transformer.key(table.getMapping(), first.record()),
                last == null || last.record() == null ? null : transformer.key(table.getMapping(), last.record()),
                first == null ? 0 : first.bytes(), watermark == null ? null : watermark.value()));
    }
}

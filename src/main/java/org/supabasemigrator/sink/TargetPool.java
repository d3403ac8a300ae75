package org.supabasemigrator.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.agroal.api.AgroalDataSource;

/**
 * onRedelivery of target writes: before a write is tried again after the target went away, the pool drops
 * every connection that no longer answers, so the retry is made on a fresh one.
 */
@ApplicationScoped
@Named("targetPool")
public class TargetPool implements Processor {

    private final AgroalDataSource dataSource;

    public TargetPool(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void process(Exchange exchange) {
        dataSource.flush(AgroalDataSource.FlushMode.INVALID);
    }
}

package org.supabasemigrator.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Policy EIP that runs the rest of a route in a new transaction on the target database: committed when the
 * steps succeed, rolled back when one fails. Unlike {@code transacted}, it installs no error handler of its
 * own, so the failure reaches the calling route's dead-letter channel untouched (Camel lets only one error
 * handler deal with a failure).
 */
@ApplicationScoped
@Named("targetTransaction")
public class TargetTransaction implements Policy {

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        processor.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (exchange.getException() != null) {
                        throw new RolledBack(); // makes QuarkusTransaction roll back
                    }
                });
            } catch (RolledBack rolledBack) {
                // the step's own exception stays on the exchange for the caller's error handling
            }
        };
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }
}

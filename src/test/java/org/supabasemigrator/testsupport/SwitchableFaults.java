package org.supabasemigrator.testsupport;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.supabasemigrator.testsupport.postgrest.Fault;
import org.supabasemigrator.testsupport.postgrest.FaultInjector;
import org.supabasemigrator.testsupport.postgrest.RequestInfo;

/** A fault injector a test can switch while the server runs, e.g. to let a failed run resume cleanly. */
public final class SwitchableFaults implements FaultInjector {

    private final AtomicReference<FaultInjector> current = new AtomicReference<>(FaultInjector.NONE);

    public void use(FaultInjector injector) {
        current.set(injector);
    }

    public void clear() {
        current.set(FaultInjector.NONE);
    }

    @Override
    public Optional<Fault> next(RequestInfo request) {
        return current.get().next(request);
    }
}

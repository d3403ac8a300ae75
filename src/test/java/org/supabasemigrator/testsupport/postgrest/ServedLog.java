package org.supabasemigrator.testsupport.postgrest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The requests a stand-in answered, in the order they were answered ({@link PostgrestServer#record()}). */
public final class ServedLog implements Consumer<Served> {

    private final List<Served> served = new ArrayList<>();

    @Override
    public synchronized void accept(Served request) {
        served.add(request);
    }

    /** Everything answered so far. */
    public synchronized List<Served> all() {
        return List.copyOf(served);
    }

    /** Those answered so far that match. */
    public List<Served> matching(Predicate<Served> filter) {
        return all().stream().filter(filter).toList();
    }

    /** Requests for the API description. */
    public List<Served> descriptions() {
        return matching(Served::isDescription);
    }

    /** Requests to one table. */
    public List<Served> of(String table) {
        return matching(s -> table.equals(s.table()));
    }

    public synchronized void clear() {
        served.clear();
    }
}

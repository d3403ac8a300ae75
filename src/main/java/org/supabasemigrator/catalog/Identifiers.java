package org.supabasemigrator.catalog;

/** SQL identifier quoting. Names reach SQL only after the catalog confirmed they exist, and always quoted. */
public final class Identifiers {

    private Identifiers() {
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

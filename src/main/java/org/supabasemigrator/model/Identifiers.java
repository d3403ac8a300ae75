package org.supabasemigrator.model;

/** SQL identifier and literal quoting. Names reach SQL only after the catalog confirmed them, and always quoted. */
public final class Identifiers {

    private Identifiers() {
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A string literal that reads the same whatever standard_conforming_strings says. */
    public static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}

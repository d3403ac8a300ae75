package org.supabasemigrator.testsupport.postgrest;

/** SQL text helpers. Identifiers are quoted even after catalog validation; values never enter SQL text. */
final class Sql {

    private Sql() {
    }

    static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}

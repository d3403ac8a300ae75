package org.supabasemigrator.testsupport.postgrest;

/**
 * The PostgREST release the server answers as. Supabase projects run v12 to v14; the differences a client
 * sees are in error wording and in the OpenAPI document.
 */
public enum PostgrestVersion {
    /**
     * 12.2: a table missing from the schema cache is PostgreSQL's {@code 42P01}; an unexposed schema is
     * "The schema must be one of the following: ..."; JWT errors in jose's words ({@code JWSError ...}).
     */
    V12("12.2.12", "v12"),
    /** 13.0: PGRST205 for a missing table, "Invalid schema: x", {@code Proxy-Status} on errors. */
    V13("13.0.8", "v13"),
    /** 14.0 to 14.7: as 13, with table-name hints only above a 0.75 similarity (from 14.6). */
    V14_0("14.7", "v14"),
    /** 14.8 and later (here 14.17): the OpenAPI {@code format} of smallint/integer is int32, of bigint int64. */
    V14("14.17", "v14");

    private final String prettyVersion;
    private final String docsVersion;

    PostgrestVersion(String prettyVersion, String docsVersion) {
        this.prettyVersion = prettyVersion;
        this.docsVersion = docsVersion;
    }

    /** {@code info.version} of the OpenAPI document. */
    String prettyVersion() {
        return prettyVersion;
    }

    String docsVersion() {
        return docsVersion;
    }

    boolean atLeast(PostgrestVersion other) {
        return compareTo(other) >= 0;
    }

    /** toSwaggerFormat: from 14.8 the integer types get OpenAPI's formats, everything else its data_type. */
    String swaggerFormat(String dataType) {
        if (this == V14) {
            switch (dataType) {
                case "smallint", "integer":
                    return "int32";
                case "bigint":
                    return "int64";
                default:
                    break;
            }
        }
        return dataType;
    }

    /** The minimum similarity of a "Perhaps you meant the table ..." hint (fuzzyset's default before 14.6). */
    double tableHintScore() {
        return atLeast(V14_0) ? 0.75 : 0.33;
    }
}

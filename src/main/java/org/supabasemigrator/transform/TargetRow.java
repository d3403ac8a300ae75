package org.supabasemigrator.transform;

import java.util.List;

import org.supabasemigrator.source.SourceRecord;

/**
 * A source row ready for the target.
 *
 * @param values each copied column's value as PostgreSQL input text (null = SQL NULL), in mapping order
 * @param key    the primary key values as text, in key order: the keyset cursor and the dead-letter key
 * @param source the record exactly as the source sent it
 */
public record TargetRow(String[] values, List<String> key, SourceRecord source) {

    /** The source record as text, for the dead-letter store. */
    public String json() {
        return source.text();
    }
}

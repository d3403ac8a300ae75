package org.supabasemigrator.transform;

import java.util.List;

import org.supabasemigrator.source.SourceRecord;

/**
 * A source row ready for the target: its values as one line of COPY text (see {@link CopyLine}), in mapping
 * order, which the bulk load sends as it is.
 *
 * @param copyLine the values as PostgreSQL input text, tab-separated and escaped for COPY, UTF-8, no newline
 * @param key      the primary key values as text, in key order: the keyset cursor and the dead-letter key
 * @param source   the record exactly as the source sent it
 */
public record TargetRow(byte[] copyLine, List<String> key, SourceRecord source) {

    /** Each copied column's value as PostgreSQL input text (null = SQL NULL), in mapping order. */
    public String[] values() {
        return CopyLine.values(copyLine);
    }

    /** The source record as text, for the dead-letter store. */
    public String json() {
        return source.text();
    }

    @Override
    public String toString() {
        return "TargetRow" + key; // never the values: they may be personal data
    }
}

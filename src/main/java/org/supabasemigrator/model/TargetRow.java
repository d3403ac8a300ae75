package org.supabasemigrator.model;

import java.util.List;

/**
 * A source row ready for the target: its values as one line of COPY text (see {@link CopyText}), in mapping
 * order, which the bulk load sends as it is and verification compares with the target's own COPY output.
 *
 * @param copyLine the values as PostgreSQL input text, tab-separated and escaped for COPY, UTF-8, no newline
 * @param key      the key values as text, in key order: the keyset cursor and the dead-letter key
 * @param source   the record exactly as the source sent it
 */
public record TargetRow(byte[] copyLine, List<String> key, SourceRecord source) {

    /** Each copied column's value as PostgreSQL input text (null = SQL NULL), in mapping order. */
    public String[] values() {
        return CopyText.values(copyLine);
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

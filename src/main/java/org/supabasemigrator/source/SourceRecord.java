package org.supabasemigrator.source;

import java.nio.charset.StandardCharsets;

/**
 * One row of a source page: the JSON object exactly as the source sent it, kept as UTF-8 bytes so the
 * transform parses it once, straight from bytes; it is decoded to text only for a dead letter.
 */
public final class SourceRecord {

    private final byte[] json;

    public SourceRecord(byte[] json) {
        this.json = json;
    }

    public static SourceRecord of(String json) {
        return new SourceRecord(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The UTF-8 bytes; not copied, so callers must not change them. */
    public byte[] bytes() {
        return json;
    }

    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}

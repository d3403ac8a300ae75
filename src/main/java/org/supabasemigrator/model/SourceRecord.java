package org.supabasemigrator.model;

import java.nio.charset.StandardCharsets;

/**
 * One row of a source page: the JSON object exactly as the source sent it, as a view of the page's UTF-8
 * bytes (never copied), so the transform parses it straight from the response; it is decoded to text only
 * for a dead letter.
 */
public final class SourceRecord {

    private final byte[] page;
    private final int offset;
    private final int length;

    public SourceRecord(byte[] page, int offset, int length) {
        this.page = page;
        this.offset = offset;
        this.length = length;
    }

    public static SourceRecord of(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new SourceRecord(bytes, 0, bytes.length);
    }

    /** The bytes the record is part of; not copied, so callers must not change them. */
    public byte[] bytes() {
        return page;
    }

    /** Where the record starts in {@link #bytes()}. */
    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public String text() {
        return new String(page, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}

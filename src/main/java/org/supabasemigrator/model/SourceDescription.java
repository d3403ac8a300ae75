package org.supabasemigrator.model;

import java.util.Map;

/**
 * What the source's API description ({@code GET /rest/v1/}) says about its tables, or why it says nothing.
 *
 * @param tables      every table and view the key can see, by name; empty when unavailable
 * @param unavailable null when the description was read; else why it could not be (disabled, refused to this key),
 *                    and columns and types then come from the target catalog and are probed at the source
 */
public record SourceDescription(Map<String, SourceTable> tables, String unavailable) {

    public static SourceDescription unavailable(String reason) {
        return new SourceDescription(Map.of(), reason);
    }

    public boolean available() {
        return unavailable == null;
    }
}

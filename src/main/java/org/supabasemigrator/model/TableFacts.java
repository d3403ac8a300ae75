package org.supabasemigrator.model;

import java.util.List;

/**
 * What the source says about a table when it starts, asked in one round of concurrent requests.
 *
 * @param estimatedRows the planner's estimate of the rows (PostgREST {@code count=planned}); null when not given
 * @param firstKey      the lowest key, null for an empty table
 * @param lastKey       the highest key (asked for keys whose ranges are cut by value), else null
 * @param rowBytes      the size of the first row as served, 0 for an empty table
 * @param watermark     the highest change-tracking value now, null without one
 */
public record TableFacts(Long estimatedRows, List<String> firstKey, List<String> lastKey, int rowBytes,
        String watermark) {
}

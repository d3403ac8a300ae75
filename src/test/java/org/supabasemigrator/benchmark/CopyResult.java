package org.supabasemigrator.benchmark;

/**
 * A timed bulk copy of the clients rows into an empty table: references (a) and (c).
 *
 * @param machineBusyShare share of all cores busy during the copy (its own work included), 0..1
 */
record CopyResult(String method, long rows, double seconds, double rowsPerSecond, double jsonMbPerSecond,
        boolean contentEqual, double machineBusyShare) {

    /** @param jsonBytes the JSON the server serves for these rows, so MB/s compare with the service's */
    static CopyResult of(String method, long rows, double seconds, long jsonBytes, boolean contentEqual,
            double machineBusySeconds) {
        return new CopyResult(method, rows, seconds, rows / seconds, jsonBytes / 1e6 / seconds, contentEqual,
                machineBusySeconds / (seconds * Runtime.getRuntime().availableProcessors()));
    }
}

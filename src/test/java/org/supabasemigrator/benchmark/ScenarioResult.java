package org.supabasemigrator.benchmark;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One service run at one source latency, and the source drain (reference b) at the same latency.
 *
 * @param runObservedSeconds     from the POST to the first poll that saw the run ended (polls every 250 ms)
 * @param runServiceSeconds      the run's createdAt to finishedAt, as the service recorded them
 * @param clientsSeconds         the clients table's startedAt to finishedAt (read, write and count check)
 * @param clientsJsonMbPerSecond JSON bytes the server sent for clients (as counted by the drain) per clients second
 * @param clientsReadingCpu      CPU per party while the service read clients (whole seconds between polls)
 * @param serviceProgress        the service's page times in the first and last 10% of clients, from outside
 * @param serviceTimers          the service's own timers, if it exposes any
 * @param coldClientsRowsPerSecond clients rows/s of the warm-up run, the first after the service started (null: none)
 */
record ScenarioResult(long latencyMs, String loadAverageAtStart, long runId, String state, String error, double runObservedSeconds,
        double runServiceSeconds, double clientsSeconds, long clientsRows, long totalRows, double clientsRowsPerSecond,
        double allRowsPerSecond, double clientsJsonMbPerSecond, double peakHeapUsedMb, double peakHeapCommittedMb,
        int heapSamples, double peakRssMb, long gcPauses, double gcPauseSeconds, CpuTimes.Usage cpu, CpuTimes.Usage clientsReadingCpu,
        ServiceProgress serviceProgress, List<ServiceTimers.Timer> serviceTimers, SourceDrain.Result drain,
        List<ContentDigest.Comparison> content, boolean contentEqual, JsonNode tables, String serviceLog,
        JfrProfile.Summary profile, Double coldClientsRowsPerSecond) {

    boolean passed() {
        return state.equals("SUCCEEDED") && contentEqual;
    }
}

package org.supabasemigrator.benchmark;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scenario at one source latency: the measured service run, what it used, whether the target then held the
 * source's content, and the references read from the same server at the same latency.
 *
 * @param loadAverageAtStart the machine's load average when the measured run started
 * @param cpu                CPU per party (service, this JVM with the source server, PostgreSQL, others) over the run
 * @param serviceThreadCpu   the service's CPU seconds by thread group, JVM threads (GC, JIT) included
 * @param serviceTimers      the service's own timers over the measured run (the warm-up subtracted)
 * @param drain              the sequential drain with gzip, as the service asks
 * @param plainDrain         the same without Accept-Encoding, where asked for (else null)
 * @param pipe               the psql pipe of every table, at latency 0 where asked for (else null)
 * @param failure            why the run broke off, if it did (else null)
 * @param serviceLogTail     the service log's last lines when the run did not succeed (else null)
 * @param serviceProfile     the service's profile over the run (bench.jfr; else null)
 * @param serverProfile      this JVM's profile over the run: the source server's side (bench.jfr; else null)
 */
record LatencyResult(String scenario, long latencyMs, String loadAverageAtStart, Run run, Memory memory,
        CpuTimes.Usage cpu, Map<String, Double> serviceThreadCpu, List<ServiceTimers.Timer> serviceTimers,
        List<ContentDigest.Comparison> content, boolean contentEqual, SourceDrain.Result drain,
        SourceDrain.Result plainDrain, PipeCopy.Result pipe, String serviceLog, String failure, String serviceLogTail,
        JfrSummary.Summary serviceProfile, JfrSummary.Summary serverProfile) {

    /**
     * The measured run as the control API showed it.
     *
     * @param observedSeconds POST to the first poll that saw the run ended: what the user waits
     * @param recordedSeconds the run's createdAt to finishedAt, as the service recorded them
     * @param coldSeconds     the warm-up run before it in the same process (JIT cold), or null without warm-up
     * @param sourceRequests  requests the service made to the source during the run (its request timer's count)
     * @param spans           when each table was first seen running and seen ended, seconds after the POST
     * @param tables          the run view's tables
     */
    record Run(long id, String state, String error, double observedSeconds, double recordedSeconds, long rowsWritten,
            double rowsPerSecond, Double coldSeconds, String coldState, long sourceRequests, long sourceRetries,
            Map<String, RunWatcher.TableSpan> spans, JsonNode tables) {
    }

    /**
     * The service's memory over the measured run.
     *
     * @param peakHeapMb          heap used before the fullest collection, from the GC log (-1: no collection)
     * @param heapCapacityMb      the heap's size at that collection
     * @param sampledPeakHeapMb   the peak of heap used in the metrics samples (every 5 s)
     * @param peakRssMb           peak resident set of the process since it started (VmHWM)
     */
    record Memory(double peakHeapMb, double heapCapacityMb, double sampledPeakHeapMb, int heapSamples, double peakRssMb,
            int gcCount, int fullGcCount, double gcPauseSeconds) {
    }

    /**
     * The least time the service's source requests take at this latency with {@code inFlight} at once, each as long
     * as the drain's mean page: what bounds a run that is not CPU-bound (NaN without run or drain).
     */
    double roundTripFloorSeconds(int inFlight) {
        if (run == null || drain == null) {
            return Double.NaN;
        }
        return run.sourceRequests() * drain.pageTimes().meanMs() / 1000 / inFlight;
    }

    boolean succeeded() {
        return run != null && "SUCCEEDED".equals(run.state());
    }

    boolean passed() {
        return failure == null && succeeded() && contentEqual;
    }
}

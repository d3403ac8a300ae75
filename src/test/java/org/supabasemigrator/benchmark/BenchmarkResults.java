package org.supabasemigrator.benchmark;

import java.util.List;

/**
 * Everything one benchmark run found, written as JSON (bench.output) so runs can be compared: the verdict, each
 * scenario's headline figures and the targets first, then the settings, the machine and every detail.
 *
 * @param failures what fails the command: runs that did not succeed, content that differs, scenarios that broke off
 */
record BenchmarkResults(String verdict, List<String> failures, List<Figures> figures, List<Target> targets,
        BenchmarkSettings settings, MachineInfo machine, List<ScenarioResult> scenarios) {

    /**
     * One of the targets for one scenario.
     *
     * @param value     the measured ratio or seconds; null when the target is a yes/no (the run succeeded)
     * @param threshold the least ratio asked for, or the most seconds
     * @param atLeast   whether value must be at least (ratios) or at most (seconds) the threshold
     */
    record Target(String scenario, String name, Double value, double threshold, boolean atLeast, boolean met,
            String detail) {

        static Target ratio(String scenario, String name, double numerator, double denominator, double threshold,
                String detail) {
            double ratio = numerator / denominator;
            return new Target(scenario, name, ratio, threshold, true, ratio >= threshold, detail);
        }

        static Target atMost(String scenario, String name, double seconds, double threshold, String detail) {
            return new Target(scenario, name, seconds, threshold, false, seconds <= threshold, detail);
        }

        static Target holds(String scenario, String name, boolean met, String detail) {
            return new Target(scenario, name, null, 0, true, met, detail);
        }
    }
}

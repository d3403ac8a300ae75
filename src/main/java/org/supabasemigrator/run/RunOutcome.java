package org.supabasemigrator.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;
import org.supabasemigrator.bookkeeping.DeadLetterStore;
import org.supabasemigrator.bookkeeping.RunRecord;
import org.supabasemigrator.bookkeeping.RunStore;
import org.supabasemigrator.bookkeeping.TableRecord;
import org.supabasemigrator.model.MigrationRun;
import org.supabasemigrator.model.Mode;
import org.supabasemigrator.model.RunState;
import org.supabasemigrator.model.TableRun;
import org.supabasemigrator.model.event.RunStateChanged;
import org.supabasemigrator.targetdb.SqlFailures;
import org.supabasemigrator.targetdb.TargetOutage;
import org.supabasemigrator.targetdb.TargetUnavailableException;

/**
 * How a run ends, and the summary logged then, called by route {@code migration-run}. SUCCEEDED only when every
 * table was copied, verified where verification ran, and nothing was dead-lettered; a run that finished with
 * dead letters, differences or unverified tables is INCOMPLETE, and its error names each such table and what is
 * wrong with it. A later replay that clears the dead letters, or a verify run that finds the tables equal,
 * settles an INCOMPLETE run as SUCCEEDED.
 */
@ApplicationScoped
@Named("runOutcome")
public class RunOutcome {

    private static final Logger LOG = Logger.getLogger(RunOutcome.class);

    private final RunStore runs;
    private final DeadLetterStore deadLetters;
    private final LoadSwitches switches;
    private final PendingOutcomes pending;
    private final TableVerdict verdicts;
    private final TargetOutage outage;
    private final Event<RunStateChanged> stateChanged;

    public RunOutcome(RunStore runs, DeadLetterStore deadLetters, LoadSwitches switches, PendingOutcomes pending,
            TableVerdict verdicts, TargetOutage outage, Event<RunStateChanged> stateChanged) {
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.switches = switches;
        this.pending = pending;
        this.verdicts = verdicts;
        this.outage = outage;
        this.stateChanged = stateChanged;
    }

    /** A run whose routes ended: stopped, finished with problems, or succeeded. */
    public void end(@ExchangeProperty("run") MigrationRun run) {
        switchTriggersBackOn(run);
        List<TableRecord> tables = rejudge(run.getId());
        boolean stopped = tables.stream().anyMatch(t -> t.state() != RunState.SUCCEEDED && t.state() != RunState.INCOMPLETE);
        if (stopped) {
            finish(run, RunState.STOPPED, null, run.getStopReason() == null ? "operator" : run.getStopReason());
            return;
        }
        String problems = problems(tables);
        if (problems.isEmpty()) {
            finish(run, RunState.SUCCEEDED, null, null);
            if (run.getMode() == Mode.VERIFY) {
                settleByVerification(run, tables);
            }
        } else {
            finish(run, RunState.INCOMPLETE, problems, null);
        }
    }

    public void fail(@ExchangeProperty("run") MigrationRun run, Exception failure) {
        String reason = describe(failure);
        LOG.errorf("Run %d failed: %s", run.getId(), reason);
        if (unexpected(failure)) {
            LOG.warn("The failure was not one the service expects (a bug?); its stack trace follows", failure);
        } else {
            LOG.debug("Cause of the failure", failure);
        }
        if (targetGone(failure)) {
            // the run waited for the target as long as it may: its end is recorded when the target is back,
            // not after waiting for it once more
            run.setState(RunState.FAILED);
            stateChanged.fire(new RunStateChanged(run.getId(), RunState.FAILED));
            pending.keep(run, new PendingOutcomes.Outcome(RunState.FAILED, reason, null));
            return;
        }
        switchTriggersBackOn(run);
        try {
            runs.failRunningTables(run.getId(), reason);
        } catch (RuntimeException targetAway) {
            LOG.debug("Could not record the failed tables", targetAway);
        }
        finish(run, RunState.FAILED, reason, null);
    }

    /** The target stayed away past the outage budget (a retry boundary gave up on it, or a bookkeeping call). */
    private static boolean targetGone(Throwable failure) {
        if (SqlFailures.targetUnavailable(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TargetUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private void switchTriggersBackOn(MigrationRun run) {
        try {
            switches.switchOn(run);
        } catch (RuntimeException targetAway) {
            LOG.warnf("Triggers, foreign keys and indexes run %d switched off or deferred come back at the next"
                    + " start: %s", run.getId(), targetAway.getMessage());
        }
    }

    /** A failure none of the service's own exceptions or the database's explains. */
    private static boolean unexpected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("org.supabasemigrator.") || t instanceof java.sql.SQLException
                    || type.startsWith("org.springframework.dao.") || type.startsWith("org.springframework.transaction.")) {
                return false;
            }
        }
        return true;
    }

    /** Each table that finished with something wrong, and what. */
    static String problems(List<TableRecord> tables) {
        return tables.stream().filter(t -> t.state() == RunState.INCOMPLETE)
                .map(t -> t.table() + ": " + (t.error() == null ? "not verified" : t.error()))
                .collect(Collectors.joining("; "));
    }

    private void finish(MigrationRun run, RunState state, String error, String stopReason) {
        run.setState(state);
        stateChanged.fire(new RunStateChanged(run.getId(), state));
        try {
            runs.runEnded(run.getId(), state, error, stopReason);
        } catch (TargetUnavailableException targetAway) {
            pending.keep(run, new PendingOutcomes.Outcome(state, error, stopReason));
            return;
        }
        List<TableSummary> summary = new ArrayList<>();
        for (TableRecord t : runs.tables(run.getId())) {
            TableRun live = run.table(t.table());
            double seconds = t.startedAt() == null || t.finishedAt() == null ? 0
                    : (t.finishedAt().toEpochMilli() - t.startedAt().toEpochMilli()) / 1000.0;
            summary.add(new TableSummary(t.table(), t.state(), t.sourceRows(), live == null ? 0 : live.getRead(),
                    t.written(), t.deadLettered(), seconds, t.verified()));
        }
        LOG.infof("Run %d %s%n%s%s", run.getId(), state, SummaryReport.format(summary), lastLine(state, error));
    }

    private static String lastLine(RunState state, String error) {
        return switch (state) {
            case SUCCEEDED -> "SUCCEEDED: every row is in the target" ;
            case INCOMPLETE -> "INCOMPLETE, not a success: " + error;
            case FAILED -> "FAILED: " + error + " (resume it with POST /api/migrations/{id}/resume)";
            default -> state + ": resume it with POST /api/migrations/{id}/resume";
        };
    }

    /**
     * Judges every table read to its end again from what the bookkeeping holds now, after the steps that follow
     * the tables' close (the reference check moving orphans to the dead letters, the replay of rows whose parent
     * came later, the keys pass finding rows gone from the source); returns the tables as recorded then.
     */
    private List<TableRecord> rejudge(long runId) {
        for (TableRecord table : runs.tables(runId)) {
            if (table.state() != RunState.SUCCEEDED && table.state() != RunState.INCOMPLETE) {
                continue;
            }
            TableVerdict.Verdict verdict = verdicts.judge(table);
            if (verdict.state() != table.state() || !Objects.equals(verdict.error(), table.error())) {
                runs.tableSettled(runId, table.table(), verdict.state(), verdict.error());
            }
            if (table.verification() != null && !Objects.equals(verdict.verified(), table.verified())) {
                runs.tableVerified(runId, table.table(), verdict.verified(), table.verification());
            }
        }
        return runs.tables(runId);
    }

    /** After a replay: INCOMPLETE runs are judged again, and settled as SUCCEEDED when nothing is wrong any more. */
    public void settleAfterReplay(List<Long> runIds) {
        for (Long runId : runIds) {
            RunRecord run = runs.find(runId).orElse(null);
            if (run == null || run.state() != RunState.INCOMPLETE) {
                continue;
            }
            rejudge(runId);
            settle(runId, "every dead letter was written by a replay");
        }
    }

    /** A verify run found every table equal: INCOMPLETE copies of those tables without dead letters are settled. */
    private void settleByVerification(MigrationRun verify, List<TableRecord> verified) {
        Set<String> equal = verified.stream().filter(t -> Boolean.TRUE.equals(t.verified())).map(TableRecord::table)
                .collect(Collectors.toSet());
        for (RunRecord run : runs.incomplete()) {
            if (run.id() >= verify.getId() || !deadLetters.countsByTable(run.id()).isEmpty()) {
                continue;
            }
            List<TableRecord> tables = runs.tables(run.id());
            if (tables.stream().allMatch(t -> t.state() == RunState.SUCCEEDED || equal.contains(t.table()))) {
                tables.stream().filter(t -> t.state() == RunState.INCOMPLETE)
                        .forEach(t -> runs.tableSettled(run.id(), t.table(), RunState.SUCCEEDED,
                                "verified equal by run " + verify.getId()));
                settle(run.id(), "verify run " + verify.getId() + " found every table equal");
            }
        }
    }

    private void settle(long runId, String why) {
        List<TableRecord> tables = runs.tables(runId);
        if (tables.stream().allMatch(t -> t.state() == RunState.SUCCEEDED)) {
            runs.runSettled(runId, RunState.SUCCEEDED, null);
            stateChanged.fire(new RunStateChanged(runId, RunState.SUCCEEDED));
            LOG.infof("Run %d is SUCCEEDED now: %s", runId, why);
        } else {
            runs.runSettled(runId, RunState.INCOMPLETE, problems(tables));
        }
    }

    /** One line that says what failed and where, for the run's error and the API: Camel's wrappers peeled off. */
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TargetUnavailableException unavailable) {
                return unavailable.getMessage();
            }
        }
        if (SqlFailures.targetUnavailable(failure)) {
            return outage.unavailable("go on", failure).getMessage();
        }
        if (SqlFailures.sqlState(failure) != null) {
            // the database's own words, never the statement text (Spring's message quotes all of it)
            return "target database: " + SqlFailures.reason(failure);
        }
        Throwable cause = failure;
        while (cause.getCause() != null && (cause instanceof org.apache.camel.CamelExchangeException
                || cause instanceof org.apache.camel.RuntimeCamelException || cause.getMessage() == null)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}

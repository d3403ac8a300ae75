package org.supabasemigrator.sink;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.supabasemigrator.model.Identifiers;
import org.supabasemigrator.model.Table;
import org.supabasemigrator.model.Trigger;
import org.supabasemigrator.targetdb.TargetOutage;

/**
 * What the target role may do about the target's own triggers and foreign key checks during the load. A role
 * that may set {@code session_replication_role} switches both off per write session ({@link WriteSettings}).
 * A role that may not, but owns its tables, switches their triggers off for the load
 * ({@code ALTER TABLE ... DISABLE TRIGGER USER}, noted in {@code migrator.disabled_trigger}) and on again when
 * the table is done, when the run ends, and at start-up after a crash.
 */
@ApplicationScoped
public class TriggerSwitch {

    private static final Logger LOG = Logger.getLogger(TriggerSwitch.class);

    private final JdbcTemplate jdbc;
    private final WriteSettings writeSettings;
    private final TargetOutage outage;

    public TriggerSwitch(JdbcTemplate jdbc, WriteSettings writeSettings, TargetOutage outage) {
        this.jdbc = jdbc;
        this.writeSettings = writeSettings;
        this.outage = outage;
    }

    /** Whether write sessions run as replicas: no foreign key checks, no ordinary triggers. */
    public boolean replicaSessions() {
        return outage.call("find what the target role may do",
                () -> jdbc.execute((ConnectionCallback<Boolean>) writeSettings::replicaRole));
    }

    /** Switches a table's own triggers off for the load (the role owns it), noting it so they come back on. */
    public void disable(long runId, Table table) {
        if (table.triggers().isEmpty()) {
            return;
        }
        outage.run("switch off the triggers of " + table.name(), () -> {
            for (Trigger trigger : table.triggers()) {
                jdbc.update("INSERT INTO migrator.disabled_trigger (run_id, table_schema, table_name, trigger_name)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", runId, table.schema(), table.name(), trigger.name());
                jdbc.execute("ALTER TABLE " + table.qualifiedName() + " DISABLE TRIGGER " + Identifiers.quote(trigger.name()));
            }
        });
        LOG.infof("Triggers of %s switched off for the load: %s", table.name(),
                table.triggers().stream().map(Trigger::name).toList());
    }

    /** Switches back on every trigger a run (or, with null, any run) switched off, of one table or (null) all. */
    public void enable(Long runId, String table) {
        outage.run("switch the target's triggers back on", () -> {
            List<String[]> disabled = jdbc.query("SELECT table_schema, table_name, trigger_name FROM migrator.disabled_trigger"
                    + " WHERE (CAST(? AS bigint) IS NULL OR run_id = ?) AND (CAST(? AS text) IS NULL OR table_name = ?)",
                    (rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) }, runId, runId, table, table);
            for (String[] trigger : disabled) {
                try {
                    jdbc.execute("ALTER TABLE " + Identifiers.quote(trigger[0]) + "." + Identifiers.quote(trigger[1])
                            + " ENABLE TRIGGER " + Identifiers.quote(trigger[2]));
                } catch (org.springframework.dao.DataAccessException gone) {
                    LOG.warnf("Trigger %s of %s.%s could not be switched back on: %s", trigger[2], trigger[0], trigger[1],
                            gone.getMostSpecificCause().getMessage());
                }
                jdbc.update("DELETE FROM migrator.disabled_trigger WHERE table_schema = ? AND table_name = ?"
                        + " AND trigger_name = ?", (Object[]) trigger);
            }
            if (!disabled.isEmpty()) {
                LOG.infof("%d trigger(s) switched back on after the load", disabled.size());
            }
        });
    }
}

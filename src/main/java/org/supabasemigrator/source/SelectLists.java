package org.supabasemigrator.source;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.supabasemigrator.model.Column;
import org.supabasemigrator.model.SourceForm;
import org.supabasemigrator.model.TableMapping;

/**
 * PostgREST's {@code select} for a table's pages, short enough for the gateway's URI limit: every column named
 * with its cast ({@code "id","visit_history"::text,...}) when that fits; else {@code *} with only the cast
 * columns named again under short aliases ({@code *,"_m1":"visit_history"::text}), whose raw copies in the page
 * are then ignored. JSON columns keep their cast either way, so SQL NULL and JSON null stay apart.
 */
public final class SelectLists {

    /** The {@code select} parameter (already percent-encoded) and the aliases the page's fields then carry. */
    public record Select(String encoded, Map<String, String> aliases) {
    }

    private SelectLists() {
    }

    /**
     * @param budget bytes the encoded {@code select=...} parameter may take
     * @throws SourceException when not even the short form fits
     */
    public static Select plan(TableMapping mapping, int budget) {
        StringJoiner all = new StringJoiner(",");
        for (Column column : mapping.columns()) {
            all.add(Postgrest.name(column.name()) + column.form().cast());
        }
        String explicit = "select=" + Postgrest.encode(all.toString());
        if (explicit.length() <= budget) {
            return new Select(explicit, Map.of());
        }
        Set<String> names = new HashSet<>();
        mapping.columns().forEach(c -> names.add(c.name()));
        String prefix = "_m";
        while (startsAny(names, prefix)) {
            prefix = "_" + prefix;
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        StringJoiner star = new StringJoiner(",");
        star.add("*");
        for (Column column : mapping.columns()) {
            if (column.form() != SourceForm.NATIVE) {
                String alias = prefix + (aliases.size() + 1);
                aliases.put(column.name(), alias);
                star.add(alias + ":" + Postgrest.name(column.name()) + column.form().cast());
            }
        }
        String shortForm = "select=" + Postgrest.encode(star.toString());
        if (shortForm.length() > budget) {
            throw new SourceException("table " + mapping.table() + " has too many columns that must be cast to text ("
                    + aliases.size() + ") to select them within the source's URI limit (" + shortForm.length()
                    + " bytes of select for a budget of " + budget + "); raise MIGRATOR_SOURCE_MAX_URI_BYTES if the"
                    + " project's gateway takes longer URIs", false);
        }
        return new Select(shortForm, aliases);
    }

    private static boolean startsAny(Set<String> names, String prefix) {
        return names.stream().anyMatch(n -> n.startsWith(prefix));
    }

    /** {@code select} for the key columns only. */
    public static String keys(List<Column> keyColumns) {
        StringJoiner keys = new StringJoiner(",");
        keyColumns.forEach(c -> keys.add(Postgrest.name(c.name()) + c.form().cast()));
        return "select=" + Postgrest.encode(keys.toString());
    }
}

package org.supabasemigrator.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.supabasemigrator.model.TableMapping;

/**
 * Key values as numbers, for keys whose ranges can be cut by value without asking the source: integers, and
 * uuids (ordered by PostgreSQL as 128-bit unsigned numbers; random ones spread evenly). Other keys are cut at
 * keys read at row offsets.
 */
public final class KeySpace {

    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

    private KeySpace() {
    }

    public static boolean interpolable(TableMapping mapping) {
        if (mapping.keyColumns().size() != 1) {
            return false;
        }
        String type = mapping.keyColumnDefinitions().get(0).baseType();
        return INTEGERS.contains(type) || type.equals("uuid");
    }

    /** {@code parts - 1} values evenly between {@code low} and {@code high} (inclusive bounds), ascending. */
    public static List<String> cuts(TableMapping mapping, String low, String high, int parts) {
        boolean uuid = mapping.keyColumnDefinitions().get(0).baseType().equals("uuid");
        BigInteger min = uuid ? uuidNumber(low) : new BigInteger(low);
        BigInteger span = (uuid ? uuidNumber(high) : new BigInteger(high)).subtract(min);
        List<String> cuts = new ArrayList<>();
        if (span.compareTo(BigInteger.valueOf(parts)) < 0) {
            return cuts;
        }
        for (int k = 1; k < parts; k++) {
            BigInteger cut = min.add(span.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(parts)));
            cuts.add(uuid ? uuidText(cut) : cut.toString());
        }
        return cuts;
    }

    private static BigInteger uuidNumber(String uuid) {
        return new BigInteger(uuid.replace("-", ""), 16);
    }

    private static String uuidText(BigInteger value) {
        String hex = String.format(Locale.ROOT, "%032x", value);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}

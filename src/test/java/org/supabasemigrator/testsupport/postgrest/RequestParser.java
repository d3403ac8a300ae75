package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.Headers;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.OrderTerm;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectItem;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a table GET's query string and headers into a {@link ReadRequest}; no catalog access here. */
final class RequestParser {

    /** Parameters that are not filters. {@code apikey} is consumed by the gateway on Supabase. */
    private static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "or", "and", "not.or",
            "not.and", "apikey", "columns", "on_conflict");
    /** Casts are written into SQL text, so only plain type names are allowed (as PostgREST does). */
    private static final Pattern CAST = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ]*(\\[])?");
    /** Bounds beyond 18 digits make the header malformed, and a malformed Range is ignored, as in PostgREST. */
    private static final Pattern RANGE = Pattern.compile("^(\\d{1,18})-(\\d{0,18})$");

    private RequestParser() {
    }

    /** Splits a raw query string into decoded pairs, keeping order and repeated keys ({@code id=gt.5&id=lt.9}). */
    static List<Map.Entry<String, String>> queryParams(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.add(Map.entry(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw PostgrestError.of(400, "PGRST100", "Invalid percent-encoding in query string: " + pair, null, null);
            }
        }
        return params;
    }

    static ReadRequest parse(List<Map.Entry<String, String>> params, Headers headers) {
        List<SelectItem> select = List.of(new SelectItem("*", null, null));
        List<OrderTerm> order = List.of();
        List<Condition> where = new ArrayList<>();
        long offset = 0;
        Long limit = null;
        for (Map.Entry<String, String> param : params) {
            String key = param.getKey();
            String value = param.getValue();
            switch (key) {
                case "select" -> select = select(value);
                case "order" -> order = order(value);
                case "limit" -> limit = nonNegative("limit", value);
                case "offset" -> offset = nonNegative("offset", value);
                case "or", "and", "not.or", "not.and" -> where.add(FilterParser.logicTree(key, value));
                default -> {
                    if (!RESERVED.contains(key)) {
                        where.add(FilterParser.filter(key, value));
                    }
                }
            }
        }

        // The Range header and limit/offset describe ranges that are intersected, as PostgREST does.
        long lower = offset;
        Long upper = limit == null || limit > Long.MAX_VALUE - offset ? null : offset + limit - 1;
        String range = headers.getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches()) {
                long from = Long.parseLong(m.group(1));
                Long to = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
                if (to != null && from > to) {
                    throw PostgrestError.of(416, "PGRST103", "Requested range not satisfiable",
                            "The lower boundary must be lower than or equal to the upper boundary in the Range header.", null);
                }
                lower = Math.max(lower, from);
                if (upper == null || (to != null && to < upper)) {
                    upper = to;
                }
            }
        }
        Long effectiveLimit = upper == null ? null : Math.max(0, upper - lower + 1);
        return new ReadRequest(select, order, where, lower, effectiveLimit, countExact(headers));
    }

    private static boolean countExact(Headers headers) {
        List<String> prefer = headers.get("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                // planned/estimated counts are exact here: there is no planner estimate worth faking.
                if (preference.trim().matches("count=(exact|planned|estimated)")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long nonNegative(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
            throw PostgrestError.of(400, "PGRST103", "Requested range not satisfiable",
                    name.substring(0, 1).toUpperCase() + name.substring(1) + " should be greater than or equal to zero.", null);
        } catch (NumberFormatException e) {
            throw PostgrestError.parse(name + " parameter", value, 1, "unexpected \"" + (value.isEmpty() ? "" : value.charAt(0))
                    + "\" expecting digit");
        }
    }

    static List<SelectItem> select(String value) {
        if (value.isBlank()) {
            return List.of(new SelectItem("*", null, null));
        }
        List<SelectItem> items = new ArrayList<>();
        int column = 1;
        for (String raw : value.split(",", -1)) {
            String item = raw.trim();
            String fail = null;
            String cast = null;
            String alias = null;
            int castAt = item.indexOf("::");
            if (castAt >= 0) {
                cast = item.substring(castAt + 2);
                item = item.substring(0, castAt);
                if (!CAST.matcher(cast).matches()) {
                    fail = "unexpected \"" + (cast.isEmpty() ? "end of input" : cast) + "\" expecting a type name";
                }
            }
            int colon = item.indexOf(':');
            if (colon >= 0) {
                alias = item.substring(0, colon);
                item = item.substring(colon + 1);
            }
            if (item.contains("(") || item.contains(")")) {
                fail = "embedded resources are not supported by this PostgREST stand-in";
            } else if (item.isEmpty() || (alias != null && alias.isEmpty())) {
                fail = "unexpected \",\" expecting field name (* or [a..z0..9_$])";
            } else if (item.equals("*") && (alias != null || cast != null)) {
                fail = "unexpected \"*\" with an alias or cast";
            }
            if (fail != null) {
                throw PostgrestError.parse("select parameter", value, column, fail);
            }
            items.add(new SelectItem(item, cast, alias));
            column += raw.length() + 1;
        }
        return items;
    }

    static List<OrderTerm> order(String value) {
        List<OrderTerm> terms = new ArrayList<>();
        int column = 1;
        for (String raw : value.split(",", -1)) {
            String[] parts = raw.trim().split("\\.", -1);
            boolean descending = false;
            Boolean nullsFirst = null;
            int next = 1;
            if (next < parts.length && (parts[next].equals("asc") || parts[next].equals("desc"))) {
                descending = parts[next++].equals("desc");
            }
            if (next < parts.length && (parts[next].equals("nullsfirst") || parts[next].equals("nullslast"))) {
                nullsFirst = parts[next++].equals("nullsfirst");
            }
            if (parts[0].isEmpty() || next < parts.length) {
                throw PostgrestError.parse("order", value, column, "unexpected \"" + raw + "\" expecting "
                        + "field name followed by .asc, .desc, .nullsfirst or .nullslast");
            }
            terms.add(new OrderTerm(parts[0], descending, nullsFirst));
            column += raw.length() + 1;
        }
        return terms;
    }
}

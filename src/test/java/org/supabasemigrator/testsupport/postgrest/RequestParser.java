package org.supabasemigrator.testsupport.postgrest;

import com.sun.net.httpserver.Headers;
import org.supabasemigrator.testsupport.postgrest.QueryGrammar.LogicPath;
import org.supabasemigrator.testsupport.postgrest.QueryGrammar.TreePath;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Count;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Filter;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.OrderTerm;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectField;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectNode;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectRelation;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a table GET's query string and headers into a {@link ReadRequest} as PostgREST's {@code QueryParams.parse}
 * and {@code ApiRequest.getRanges} do; no catalog access here.
 *
 * <p>Which keys are filters follows PostgREST to the letter: a key whose last dot-separated word is
 * {@code order}, {@code limit}, {@code offset}, {@code and} or {@code or}, or that is {@code select},
 * {@code columns} or {@code on_conflict}, is never a filter. The split is on the raw key, so {@code limit=gt.5}
 * is no filter on a column named limit, while {@code "limit"=gt.5} is (its last word is {@code "limit"}, quotes
 * included), and so is {@code and=("limit".gt.5)}.
 */
final class RequestParser {

    private static final Set<String> RESERVED = Set.of("select", "columns", "on_conflict");
    private static final Set<String> RESERVED_EMBEDDABLE = Set.of("order", "limit", "offset", "and", "or");
    /** RangeQuery.rangeParse. */
    private static final Pattern RANGE = Pattern.compile("^([0-9]+)-([0-9]*)$");
    /** Haskell's {@code readMaybe :: Integer}: optional spaces around an optionally negative number. */
    private static final Pattern INTEGER = Pattern.compile("^\\s*(-?[0-9]+)\\s*$");

    /** One query parameter; value is null for a key without {@code =}. */
    record Param(String key, String value) {
    }

    private RequestParser() {
    }

    /**
     * Splits a raw query string like http-types' {@code parseQueryReplacePlus True}: pairs separated by
     * {@code &} or {@code ;}, {@code +} is a space, bad percent escapes are kept as they are.
     */
    static List<Param> queryParams(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        for (String pair : query.split("[&;]", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.add(new Param(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? null : decode(pair.substring(eq + 1))));
        }
        return params;
    }

    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** PostgREST's {@code endingIn}: the last word of the raw key split on every dot, quotes or not. */
    private static boolean endingIn(Set<String> words, String key) {
        return words.contains(key.substring(key.lastIndexOf('.') + 1));
    }

    /** Whether a key is a horizontal filter (rather than select, order, limit, a logic tree, ...). */
    static boolean isFilter(String key) {
        return !endingIn(RESERVED_EMBEDDABLE, key) && !RESERVED.contains(key);
    }

    /**
     * The query string as {@code QueryParams.parse} and {@code getRanges} leave it, before the plan.
     *
     * @param rpcParams for a function read, the keys of filters without an operator (its arguments)
     */
    record Parsed(List<SelectNode> select, List<Map.Entry<List<String>, List<OrderTerm>>> orders,
                  List<Map.Entry<List<String>, Condition>> logic, List<Map.Entry<List<String>, Filter>> filters,
                  Map<String, PageRange> ranges, PageRange topLevel, Count count, String canonical, List<String> rpcParams) {
    }

    /** Parses a read of a table and plans it (every part must be about the root: nothing is embedded here). */
    static ReadRequest parse(List<Param> params, Headers headers, boolean rangeHeader) {
        return plan(parseQuery(params, headers, rangeHeader, false));
    }

    /**
     * Parses the query string of any request.
     *
     * @param params query parameters without the gateway's {@code apikey}
     * @param rangeHeader whether the Range header counts (GET only, as in PostgREST)
     * @param rpcRead a GET of a function: a filter without an operator is an argument
     */
    static Parsed parseQuery(List<Param> params, Headers headers, boolean rangeHeader, boolean rpcRead) {
        List<Param> nonEmpty = params.stream().filter(p -> p.value() != null).toList();

        // QueryParams.parse: order, logic trees, columns, select, filters, on_conflict, in this order.
        List<Map.Entry<List<String>, List<OrderTerm>>> orders = new ArrayList<>();
        for (Param p : nonEmpty) {
            if (endingIn(Set.of("order"), p.key())) {
                TreePath path = QueryGrammar.parse("failed to parse tree path (" + p.key() + ")", p.key(), QueryGrammar::treePath);
                List<OrderTerm> terms = QueryGrammar.parse("failed to parse order (" + p.value() + ")", p.value(), QueryGrammar::order);
                orders.add(Map.entry(path.embedPath(), terms));
            }
        }
        List<Map.Entry<List<String>, Condition>> logic = new ArrayList<>();
        for (Param p : nonEmpty) {
            if (endingIn(Set.of("and", "or"), p.key())) {
                LogicPath path = QueryGrammar.parse("failed to parse logic path (" + p.key() + ")", p.key(), QueryGrammar::logicPath);
                // PostgREST parses "or" + "(...)" so that the value reads like a nested tree
                Condition tree = QueryGrammar.parse("failed to parse logic tree (" + p.value() + ")",
                        path.operator() + p.value(), QueryGrammar::logicTree);
                logic.add(Map.entry(path.embedPath(), tree));
            }
        }
        String columns = lookup(params, "columns");
        if (columns != null) {
            QueryGrammar.parse("failed to parse columns parameter (" + columns + ")", columns, QueryGrammar::columns);
        }
        String selectValue = lookup(params, "select");
        List<SelectNode> select = QueryGrammar.parse("failed to parse select parameter ("
                + (selectValue == null ? "*" : selectValue) + ")", selectValue == null ? "*" : selectValue,
                QueryGrammar::fieldForest);
        List<Map.Entry<List<String>, Filter>> filters = new ArrayList<>();
        List<String> rpcParams = new ArrayList<>();
        for (Param p : nonEmpty) {
            if (isFilter(p.key())) {
                TreePath path = QueryGrammar.parse("failed to parse tree path (" + p.key() + ")", p.key(), QueryGrammar::treePath);
                Filter filter = QueryGrammar.parse("failed to parse filter (" + p.value() + ")", p.value(), s -> {
                    if (!rpcRead) {
                        return QueryGrammar.opExpr(s, path.field(), false);
                    }
                    // pOpExpr pSingleVal <|> pure (NoOpExpr v): only when nothing was consumed
                    long mark = s.mark();
                    try {
                        return QueryGrammar.opExpr(s, path.field(), false);
                    } catch (Syntax.Fail f) {
                        if (s.consumedSince(mark)) {
                            throw f;
                        }
                        return null;
                    }
                });
                if (filter == null) {
                    rpcParams.add(path.field().name());
                } else {
                    filters.add(Map.entry(path.embedPath(), filter));
                }
            }
        }
        String onConflict = lookup(params, "on_conflict");
        if (onConflict != null) {
            QueryGrammar.parse("failed to parse on_conflict parameter (" + onConflict + ")", onConflict, QueryGrammar::columns);
        }

        // Ranges: &limit and &offset per embed level, then intersected with the Range header (getRanges).
        Map<String, PageRange> limits = new LinkedHashMap<>();
        Map<String, PageRange> offsets = new LinkedHashMap<>();
        for (Param p : nonEmpty) {
            if (endingIn(Set.of("limit"), p.key())) {
                limits.put(p.key(), PageRange.ALL.restrict(readInteger(p.value())));
            } else if (endingIn(Set.of("offset"), p.key())) {
                BigInteger offset = readInteger(p.value());
                String key = p.key().substring(0, p.key().lastIndexOf('.') + 1) + "limit";
                offsets.put(key, offset == null ? PageRange.ALL : PageRange.geq(offset));
            }
        }
        Map<String, PageRange> ranges = new LinkedHashMap<>(limits);
        offsets.forEach((key, offsetRange) -> ranges.merge(key, offsetRange, (limitRange, o) -> {
            BigInteger l = limitRange.limit() == null ? BigInteger.ZERO : limitRange.limit();
            BigInteger lower = o.offset();
            return new PageRange(lower, lower.add(l).subtract(BigInteger.ONE), false);
        }));

        PageRange limitRange = ranges.getOrDefault("limit", PageRange.ALL);
        PageRange headerRange = rangeHeader ? rangeHeader(headers.getFirst("Range")) : PageRange.ALL;
        PageRange headerAndLimit = headerRange.intersect(limitRange);
        PageRange topLevel = limitRange.orLimitZero(headerAndLimit);
        if (topLevel.same(PageRange.EMPTY) && !limitRange.hasLimitZero()) {
            throw PostgrestError.of(416, "PGRST103", "Requested range not satisfiable", headerRange.isEmpty()
                    ? "The lower boundary must be lower than or equal to the upper boundary in the Range header."
                    : "Limit should be greater than or equal to zero.", null);
        }
        return new Parsed(select, orders, logic, filters, ranges, topLevel, count(headers), canonical(params),
                List.copyOf(rpcParams));
    }

    /** The plan's checks (Plan.hs): embedding, embed paths, aggregates; then the read of the root. */
    static ReadRequest plan(Parsed parsed) {
        List<SelectField> fields = new ArrayList<>();
        for (SelectNode node : parsed.select()) {
            if (node instanceof SelectRelation relation) {
                throw PostgrestError.of(400, "PGRST127", "Feature not implemented",
                        "Resource embedding ('" + relation.name() + "') is not implemented by this PostgREST stand-in", null);
            }
            fields.add((SelectField) node);
        }
        for (Map.Entry<List<String>, Filter> f : parsed.filters()) {
            notEmbedded(f.getKey());
        }
        for (Map.Entry<List<String>, List<OrderTerm>> o : parsed.orders()) {
            notEmbedded(o.getKey());
        }
        for (String key : parsed.ranges().keySet()) {
            TreePath path = QueryGrammar.parse("failed to parse tree path (" + key + ")", key, QueryGrammar::treePath);
            notEmbedded(path.embedPath());
        }
        for (Map.Entry<List<String>, Condition> l : parsed.logic()) {
            notEmbedded(l.getKey());
        }
        List<OrderTerm> order = parsed.orders().isEmpty() ? List.of() : parsed.orders().get(0).getValue();
        for (OrderTerm term : order) {
            if (term.relation() != null) {
                throw notEmbeddedError(term.relation());
            }
        }
        if (fields.stream().anyMatch(f -> f.aggregate() != null || f.countStar())) {
            throw PostgrestError.of(400, "PGRST123", "Use of aggregate functions is not allowed", null, null);
        }
        List<Condition> where = new ArrayList<>();
        parsed.logic().forEach(l -> where.add(l.getValue()));
        parsed.filters().forEach(f -> where.add(f.getValue()));
        return new ReadRequest(List.copyOf(fields), order, where, parsed.topLevel(), parsed.count(), parsed.canonical());
    }

    private static void notEmbedded(List<String> embedPath) {
        if (!embedPath.isEmpty()) {
            throw notEmbeddedError(embedPath.get(0));
        }
    }

    static PostgrestError notEmbeddedError(String resource) {
        return PostgrestError.of(400, "PGRST108", "'" + resource + "' is not an embedded resource in this request", null,
                "Verify that '" + resource + "' is included in the 'select' query parameter.");
    }

    /** {@code join (lookup key params)}: the first occurrence, null when absent or without a value. */
    private static String lookup(List<Param> params, String key) {
        return params.stream().filter(p -> p.key().equals(key)).findFirst().map(Param::value).orElse(null);
    }

    static BigInteger readInteger(String value) {
        Matcher m = INTEGER.matcher(value);
        return m.matches() ? new BigInteger(m.group(1)) : null;
    }

    private static PageRange rangeHeader(String header) {
        if (header == null) {
            return PageRange.ALL;
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            return PageRange.ALL;
        }
        PageRange lower = PageRange.geq(new BigInteger(m.group(1)));
        PageRange upper = m.group(2).isEmpty() ? PageRange.ALL : PageRange.leq(new BigInteger(m.group(2)));
        return lower.intersect(upper);
    }

    /** The count preference, as Preferences.fromHeaders reads every Prefer header: the first one given wins. */
    static Count count(Headers headers) {
        List<String> prefer = headers.get("Prefer");
        if (prefer == null) {
            return null;
        }
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                for (Count count : Count.values()) {
                    if (preference.strip().equals(count.preference)) {
                        return count;
                    }
                }
            }
        }
        return null;
    }

    /** QueryParams' canonical form: sorted by key, repeated keys' values joined with commas, URL-encoded. */
    private static String canonical(List<Param> params) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        params.stream().sorted(Comparator.comparing(Param::key))
                .forEach(p -> grouped.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value() == null ? "" : p.value()));
        List<String> pairs = new ArrayList<>();
        grouped.forEach((key, values) -> pairs.add(urlEncode(key) + "="
                + String.join(",", values.stream().map(RequestParser::urlEncode).toList())));
        return String.join("&", pairs);
    }

    private static String urlEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}

package org.supabasemigrator.testsupport.postgrest;

import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Field;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Filter;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Fts;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.In;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Is;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.IsDistinct;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.JsonStep;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Logic;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Operation;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.OrderTerm;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Quantified;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectField;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectNode;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.SelectRelation;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Simple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PostgREST's query-string grammar, rule for rule from {@code ApiRequest/QueryParams.hs} (v12 to v14 parse
 * the same): field names, JSON paths, select, order, horizontal filters and logic trees. Like the original,
 * most entry points do not require the end of input: {@code select=id)x} selects {@code id}.
 */
final class QueryGrammar {

    private static final String FIELD_NAME = "field name (* or [a..z0..9_$])";

    private QueryGrammar() {
    }

    /** Runs a parser over a whole value; a failure becomes PostgREST's PGRST100 error named after {@code source}. */
    static <T> T parse(String source, String input, Function<Syntax, T> parser) {
        Syntax s = new Syntax(input);
        try {
            return parser.apply(s);
        } catch (Syntax.Fail f) {
            throw s.toError(source);
        }
    }

    // ---------------------------------------------------------------- names

    /** {@code pFieldName}: a double-quoted name ({@code \} escapes) or bare words joined by dashes. */
    static String fieldName(Syntax s) {
        return s.labeled(FIELD_NAME, () -> {
            if (s.peekIs('"')) {
                return quotedValue(s);
            }
            s.optCh('"'); // what pQuotedValue expected, for the error message
            return sepByDash(s, () -> identifier(s));
        });
    }

    /** {@code pQuotedValue}: {@code "..."} with {@code \x} standing for x. */
    static String quotedValue(Syntax s) {
        s.ch('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (!s.atEnd() && s.peek() != '\\' && s.peek() != '"') {
                value.appendCodePoint(s.satisfy(c -> true, null));
            } else if (s.peekIs('\\')) {
                s.ch('\\');
                value.appendCodePoint(s.satisfy(c -> true, null));
            } else {
                s.sees(c -> c != '\\' && c != '"', null);
                s.optCh('\\');
                break;
            }
        }
        s.ch('"');
        return value.toString();
    }

    /** {@code pIdentifier}: letters of any script, digits, {@code _}, space and {@code $}, stripped of spaces. */
    static String identifier(Syntax s) {
        StringBuilder name = new StringBuilder();
        while (identifierChar(s)) {
            name.appendCodePoint(s.satisfy(c -> true, null));
        }
        if (name.length() == 0) {
            throw s.fail();
        }
        return name.toString().strip();
    }

    private static boolean identifierChar(Syntax s) {
        return s.sees(Character::isLetter, "letter") || s.sees(c -> c >= '0' && c <= '9', "digit")
                || s.sees(c -> c == '_' || c == ' ' || c == '$', null);
    }

    /** {@code sepByDash}: parts joined by {@code -} where the dash is not the start of {@code ->}. */
    private static String sepByDash(Syntax s, Supplier<String> part) {
        StringBuilder name = new StringBuilder(part.get());
        while (true) {
            Boolean dash = s.optionalAttempt(() -> {
                s.ch('-');
                if (!s.notFollowedBy(c -> c == '>')) {
                    throw s.fail();
                }
                return Boolean.TRUE;
            });
            if (dash == null) {
                return name.toString();
            }
            name.append('-').append(part.get());
        }
    }

    /** {@code pField}: a field name and its JSON path, surrounded by optional spaces. */
    static Field field(Syntax s) {
        s.ws();
        String name = fieldName(s);
        List<JsonStep> path = jsonPath(s);
        s.ws();
        return new Field(name, path);
    }

    /** {@code pJsonPath}: {@code ->key}, {@code ->>key}, {@code ->0}, repeated. */
    static List<JsonStep> jsonPath(Syntax s) {
        List<JsonStep> path = new ArrayList<>();
        while (true) {
            boolean asText;
            if (s.tryString("->>")) {
                asText = true;
            } else if (s.tryString("->")) {
                asText = false;
            } else {
                return path;
            }
            JsonStep step = s.optionalAttempt(() -> jsonIndex(s, asText));
            if (step == null) {
                step = s.attempt(() -> new JsonStep(asText, jsonKeyName(s), null));
            }
            path.add(step);
        }
    }

    private static JsonStep jsonIndex(Syntax s, boolean asText) {
        StringBuilder index = new StringBuilder(s.optCh('-') ? "-" : "+");
        index.appendCodePoint(s.satisfy(c -> c >= '0' && c <= '9', "digit"));
        while (s.sees(c -> c >= '0' && c <= '9', "digit")) {
            index.appendCodePoint(s.satisfy(c -> true, null));
        }
        if (!(s.lookAheadString("->") || s.lookAheadString("::") || s.lookAheadString(".")
                || s.lookAheadString(",") || s.atEof())) {
            throw s.fail();
        }
        return new JsonStep(asText, null, index.toString());
    }

    private static String jsonKeyName(Syntax s) {
        return s.labeled("any non reserved character different from: .,>()", () -> {
            if (s.peekIs('"')) {
                return quotedValue(s);
            }
            s.optCh('"');
            return sepByDash(s, () -> {
                StringBuilder key = new StringBuilder();
                while (s.sees(c -> "(-:.,>)".indexOf(c) < 0, null)) {
                    key.appendCodePoint(s.satisfy(c -> true, null));
                }
                if (key.length() == 0) {
                    throw s.fail();
                }
                return key.toString().strip();
            });
        });
    }

    // ---------------------------------------------------------------- select

    /** {@code pFieldForest}: select items separated by commas; may be empty. */
    static List<SelectNode> fieldForest(Syntax s) {
        List<SelectNode> nodes = new ArrayList<>();
        SelectNode first = s.optional(() -> fieldTree(s));
        if (first == null) {
            return nodes;
        }
        nodes.add(first);
        while (true) {
            long mark = s.mark();
            s.ws();
            if (!s.optCh(',')) {
                if (s.consumedSince(mark)) {
                    throw s.fail();
                }
                return nodes;
            }
            s.ws();
            nodes.add(fieldTree(s));
        }
    }

    private static SelectNode fieldTree(Syntax s) {
        SelectRelation relation = s.optionalAttempt(() -> relationHeader(s, true));
        if (relation == null) {
            relation = s.optionalAttempt(() -> relationHeader(s, false));
        }
        if (relation != null) {
            s.ch('(');
            List<SelectNode> children = fieldForest(s);
            s.ch(')');
            return new SelectRelation(relation.name(), relation.alias(), relation.spread(), children);
        }
        return fieldSelect(s);
    }

    /** {@code pSpreadRelationSelect} / {@code pRelationSelect} up to the {@code (}. */
    static SelectRelation relationHeader(Syntax s, boolean spread) {
        s.ws();
        String alias = null;
        if (spread) {
            s.string("...");
        } else {
            alias = alias(s);
        }
        String name = fieldName(s);
        if (!spread && name.equals("count")) {
            throw s.fail();
        }
        for (int i = 0; i < 2; i++) {
            s.optional(() -> {
                s.ch('!');
                if (s.tryString("left") || s.tryString("inner")) {
                    return Boolean.TRUE;
                }
                return s.attempt(() -> fieldName(s));
            });
        }
        if (!s.lookAheadString("(")) {
            throw s.fail();
        }
        s.ws();
        return new SelectRelation(name, alias, spread, List.of());
    }

    /** {@code optionMaybe (try (pFieldName <* aliasSeparator))}. */
    private static String alias(Syntax s) {
        return s.optionalAttempt(() -> {
            String alias = fieldName(s);
            s.ch(':');
            if (!s.notFollowedBy(c -> c == ':')) {
                throw s.fail();
            }
            return alias;
        });
    }

    /** {@code pFieldSelect}: {@code *}, {@code count()}, or {@code alias:field->path::cast.agg()::cast}. */
    static SelectNode fieldSelect(Syntax s) {
        s.ws();
        SelectNode star = s.optionalAttempt(() -> {
            s.string("*");
            selectEnd(s);
            return new SelectField(new Field("*", List.of()), null, null, null, null, true, false);
        });
        if (star != null) {
            s.ws();
            return star;
        }
        SelectNode count = s.optionalAttempt(() -> {
            String alias = alias(s);
            s.string("count()");
            String aggregateCast = cast(s);
            selectEnd(s);
            return new SelectField(new Field("*", List.of()), null, "count", aggregateCast, alias, false, true);
        });
        if (count != null) {
            s.ws();
            return count;
        }
        String alias = alias(s);
        Field field = field(s);
        String cast = cast(s);
        String aggregate = s.optionalAttempt(() -> {
            s.ch('.');
            String name;
            if (s.peekIs('s')) {
                s.string("sum");
                name = "sum";
            } else if (s.peekIs('a')) {
                s.string("avg");
                name = "avg";
            } else if (s.peekIs('c')) {
                s.string("count");
                name = "count";
            } else {
                s.tryString("sum"); // what was expected, for the message
                s.tryString("avg");
                s.tryString("count");
                if (s.tryString("max")) {
                    name = "max";
                } else if (s.tryString("min")) {
                    name = "min";
                } else {
                    throw s.fail();
                }
            }
            s.string("()");
            return name;
        });
        String aggregateCast = cast(s);
        selectEnd(s);
        s.ws();
        return new SelectField(field, cast, aggregate, aggregateCast, alias, false, false);
    }

    /** {@code optionMaybe (string "::" *> pIdentifier)}: a plain type name, no {@code []} and no schema. */
    private static String cast(Syntax s) {
        return s.optional(() -> {
            s.string("::");
            return identifier(s);
        });
    }

    private static void selectEnd(Syntax s) {
        if (!(s.lookAheadString(")") || s.lookAheadString(",") || s.atEof())) {
            throw s.fail();
        }
    }

    // ---------------------------------------------------------------- order

    /** {@code pOrder}: terms separated by commas (at least one). */
    static List<OrderTerm> order(Syntax s) {
        List<OrderTerm> terms = new ArrayList<>();
        terms.add(orderItem(s));
        while (s.optCh(',')) {
            terms.add(orderItem(s));
        }
        return terms;
    }

    private static OrderTerm orderItem(Syntax s) {
        s.ws();
        OrderTerm term = s.optionalAttempt(() -> {
            String relation = fieldName(s);
            s.ch('(');
            Field field = field(s);
            s.ch(')');
            return orderTail(s, relation, field);
        });
        if (term == null) {
            term = orderTail(s, null, field(s));
        }
        s.ws();
        return term;
    }

    private static OrderTerm orderTail(Syntax s, String relation, Field field) {
        String direction = null;
        if (s.optionalAttempt(() -> {
            delimiter(s);
            s.string("asc");
            return Boolean.TRUE;
        }) != null) {
            direction = "ASC";
        } else if (s.optionalAttempt(() -> {
            delimiter(s);
            s.string("desc");
            return Boolean.TRUE;
        }) != null) {
            direction = "DESC";
        }
        String nulls = null;
        if (s.optionalAttempt(() -> {
            delimiter(s);
            s.string("nullsfirst");
            return Boolean.TRUE;
        }) != null) {
            nulls = "NULLS FIRST";
        } else if (s.optionalAttempt(() -> {
            delimiter(s);
            s.string("nullslast");
            return Boolean.TRUE;
        }) != null) {
            nulls = "NULLS LAST";
        }
        if (!(s.lookAheadString(",") || s.atEof())) {
            throw s.fail();
        }
        return new OrderTerm(relation, field, direction, nulls);
    }

    // ---------------------------------------------------------------- filters

    /** {@code pTreePath}: {@code a.b.field->path}; the last name is the field, the others the embed path. */
    record TreePath(List<String> embedPath, Field field) {
    }

    static TreePath treePath(Syntax s) {
        List<String> names = new ArrayList<>();
        names.add(fieldName(s));
        while (optDelimiter(s)) {
            names.add(fieldName(s));
        }
        List<JsonStep> path = jsonPath(s);
        return new TreePath(List.copyOf(names.subList(0, names.size() - 1)),
                new Field(names.get(names.size() - 1), path));
    }

    /** {@code pLogicPath}: the embed path of a logic key and its operator ({@code or}, {@code not.and}, ...). */
    record LogicPath(List<String> embedPath, String operator) {
    }

    static LogicPath logicPath(Syntax s) {
        List<String> names = new ArrayList<>();
        names.add(fieldName(s));
        while (optDelimiter(s)) {
            names.add(fieldName(s));
        }
        String op = names.get(names.size() - 1);
        List<String> embed = new ArrayList<>(names.subList(0, names.size() - 1));
        boolean negated = names.contains("not");
        embed.removeIf("not"::equals);
        return new LogicPath(List.copyOf(embed), negated ? "not." + op : op);
    }

    private static boolean optDelimiter(Syntax s) {
        return s.labeled("delimiter (.)", () -> s.optCh('.'));
    }

    private static void delimiter(Syntax s) {
        s.labeled("delimiter (.)", () -> {
            s.ch('.');
            return Boolean.TRUE;
        });
    }

    /** {@code pOpExpr pSingleVal} (horizontal filter) or {@code pOpExpr pLogicSingleVal} (inside a logic tree). */
    static Filter opExpr(Syntax s, Field field, boolean inLogicTree) {
        boolean negated = s.optionalAttempt(() -> {
            s.string("not");
            delimiter(s);
            return Boolean.TRUE;
        }) != null;
        return new Filter(field, negated, operation(s, inLogicTree));
    }

    private static Operation operation(Syntax s, boolean tree) {
        return s.labeled("operator (eq, gt, ...)", () -> {
            if (keyword(s, "in")) {
                return new In(listValue(s));
            }
            if (keyword(s, "is")) {
                return new Is(isValue(s));
            }
            if (keyword(s, "isdistinct")) {
                return new IsDistinct(singleValue(s, tree));
            }
            Operation op = s.optionalAttempt(() -> fts(s, tree));
            if (op == null) {
                op = s.optionalAttempt(() -> simpleOperation(s, tree));
            }
            if (op == null) {
                op = s.optionalAttempt(() -> quantifiedOperation(s, tree));
            }
            if (op == null) {
                throw s.fail();
            }
            return op;
        });
    }

    /** {@code try (string name *> pDelimiter)}. */
    private static boolean keyword(Syntax s, String name) {
        return s.optionalAttempt(() -> {
            s.string(name);
            delimiter(s);
            return Boolean.TRUE;
        }) != null;
    }

    private static final String[][] SIMPLE = {{"neq", "<>"}, {"cs", "@>"}, {"cd", "<@"}, {"ov", "&&"}, {"sl", "<<"},
        {"sr", ">>"}, {"nxr", "&<"}, {"nxl", "&>"}, {"adj", "-|-"}};
    private static final String[][] QUANTIFIED = {{"eq", "="}, {"gte", ">="}, {"gt", ">"}, {"lte", "<="}, {"lt", "<"},
        {"like", "like"}, {"ilike", "ilike"}, {"match", "~"}, {"imatch", "~*"}};
    private static final String[][] FTS = {{"fts", "to_tsquery"}, {"plfts", "plainto_tsquery"},
        {"phfts", "phraseto_tsquery"}, {"wfts", "websearch_to_tsquery"}};

    private static Operation simpleOperation(Syntax s, boolean tree) {
        String sql = s.labeled("unknown single value operator", () -> {
            for (String[] op : SIMPLE) {
                if (s.tryString(op[0])) {
                    return op[1];
                }
            }
            throw s.fail();
        });
        delimiter(s);
        return new Simple(sql, singleValue(s, tree));
    }

    private static Operation quantifiedOperation(Syntax s, boolean tree) {
        String[] op = s.labeled("unknown single value operator", () -> {
            for (String[] candidate : QUANTIFIED) {
                if (s.tryString(candidate[0])) {
                    return candidate;
                }
            }
            throw s.fail();
        });
        String quantifier = s.optionalAttempt(() -> {
            s.ch('(');
            String q;
            if (s.tryString("any")) {
                q = "ANY";
            } else {
                s.string("all");
                q = "ALL";
            }
            s.ch(')');
            return q;
        });
        delimiter(s);
        return new Quantified(op[0], op[1], quantifier, singleValue(s, tree));
    }

    private static Operation fts(Syntax s, boolean tree) {
        String function = null;
        for (String[] op : FTS) {
            if (s.tryString(op[0])) {
                function = op[1];
                break;
            }
        }
        if (function == null) {
            throw s.fail();
        }
        String language = s.optionalAttempt(() -> {
            s.ch('(');
            String lang = identifier(s);
            s.ch(')');
            return lang;
        });
        delimiter(s);
        return new Fts(function, language, singleValue(s, tree));
    }

    private static String isValue(Syntax s) {
        return s.labeled("isVal: (null, not_null, true, false, unknown)", () -> {
            String[][] values = {{"null", "NULL"}, {"not_null", "NOT NULL"}, {"true", "TRUE"}, {"false", "FALSE"},
                {"unknown", "UNKNOWN"}};
            for (String[] value : values) {
                if (s.optionalAttempt(() -> {
                    for (char c : value[0].toCharArray()) {
                        if (!s.optCh(c) && !s.optCh(Character.toUpperCase(c))) {
                            throw s.fail();
                        }
                    }
                    return Boolean.TRUE;
                }) != null) {
                    return value[1];
                }
            }
            throw s.fail();
        });
    }

    /** {@code pSingleVal} (the rest of the value) or, in a logic tree, {@code pLogicSingleVal}. */
    private static String singleValue(Syntax s, boolean tree) {
        if (!tree) {
            StringBuilder value = new StringBuilder();
            while (!s.atEnd()) {
                value.appendCodePoint(s.satisfy(c -> true, null));
            }
            s.sees(c -> true, null);
            return value.toString();
        }
        String quoted = s.optionalAttempt(() -> {
            String value = quotedValue(s);
            if (!s.notFollowedBy(c -> c != ',' && c != ')')) {
                throw s.fail();
            }
            return value;
        });
        if (quoted != null) {
            return quoted;
        }
        String array = s.optionalAttempt(() -> {
            StringBuilder value = new StringBuilder();
            s.string("{");
            value.append('{');
            while (s.sees(c -> c != '{' && c != '}', null)) {
                value.appendCodePoint(s.satisfy(c -> true, null));
            }
            s.string("}");
            return value.append('}').toString();
        });
        if (array != null) {
            return array;
        }
        return unquotedListElement(s);
    }

    private static String unquotedListElement(Syntax s) {
        StringBuilder value = new StringBuilder();
        while (s.sees(c -> c != ',' && c != ')', null)) {
            value.appendCodePoint(s.satisfy(c -> true, null));
        }
        return value.toString();
    }

    /** {@code pListVal}: {@code (a,"b,c")}, at least one (possibly empty) element. */
    private static List<String> listValue(Syntax s) {
        s.ws();
        s.ch('(');
        s.ws();
        List<String> values = new ArrayList<>();
        do {
            String quoted = s.optionalAttempt(() -> {
                String value = quotedValue(s);
                if (!s.notFollowedBy(c -> c != ',' && c != ')')) {
                    throw s.fail();
                }
                return value;
            });
            values.add(quoted != null ? quoted : unquotedListElement(s));
        } while (s.optCh(','));
        s.ws();
        s.ch(')');
        s.ws();
        return values;
    }

    // ---------------------------------------------------------------- logic trees

    /** {@code pLogicTree}: a filter {@code field.op.value}, or {@code [not.]and(...)} / {@code [not.]or(...)}. */
    static Condition logicTree(Syntax s) {
        Filter filter = s.optionalAttempt(() -> {
            Field field = field(s);
            delimiter(s);
            return opExpr(s, field, true);
        });
        if (filter != null) {
            return filter;
        }
        boolean negated = s.labeled("negation operator (not)", () -> s.optionalAttempt(() -> {
            s.string("not");
            delimiter(s);
            return Boolean.TRUE;
        }) != null);
        boolean conjunction = s.labeled("logic operator (and, or)", () -> {
            if (s.tryString("and")) {
                return true;
            }
            s.string("or");
            return false;
        });
        s.ws();
        s.ch('(');
        s.ws();
        List<Condition> children = new ArrayList<>();
        children.add(logicTree(s));
        while (true) {
            long mark = s.mark();
            s.ws();
            if (!s.optCh(',')) {
                if (s.consumedSince(mark)) {
                    throw s.fail();
                }
                break;
            }
            s.ws();
            children.add(logicTree(s));
        }
        s.ws();
        s.ch(')');
        s.ws();
        return new Logic(conjunction, negated, children);
    }

    /** {@code pColumns}: names separated by commas (columns, on_conflict). */
    static List<String> columns(Syntax s) {
        List<String> names = new ArrayList<>();
        names.add(fieldName(s));
        while (true) {
            long mark = s.mark();
            s.ws();
            if (!s.optCh(',')) {
                if (s.consumedSince(mark)) {
                    throw s.fail();
                }
                return names;
            }
            s.ws();
            names.add(fieldName(s));
        }
    }
}

package org.supabasemigrator.testsupport.postgrest;

import org.supabasemigrator.testsupport.postgrest.ReadRequest.Condition;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Filter;
import org.supabasemigrator.testsupport.postgrest.ReadRequest.Logic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses PostgREST's horizontal filters ({@code id=gt.5}, {@code id=not.is.null}, {@code k=in.(a,"b,c")})
 * and logic trees ({@code or=(a.gt.5,and(a.eq.5,b.gt."x,y"))}).
 *
 * <p>As in PostgREST, the operand of a horizontal filter is taken verbatim (quotes included), while
 * inside {@code in.(...)} lists and logic trees a value may be double-quoted ({@code \"} and {@code \\}
 * escape) to hold commas, parentheses and dots; an unquoted value there ends at {@code ,} or {@code )}.
 */
final class FilterParser {

    static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match",
            "imatch", "is", "isdistinct", "in", "cs", "cd", "ov");
    private static final Set<String> IS_VALUES = Set.of("null", "not_null", "true", "false", "unknown");
    private static final String EXPECTED_OPERATOR = "\"not\" or operator (eq, neq, gt, gte, lt, lte, like, ilike, "
            + "match, imatch, is, isdistinct, in, cs, cd, ov)";

    private FilterParser() {
    }

    /** {@code column=value} where value is {@code [not.]op.operand}. */
    static Filter filter(String column, String value) {
        TextCursor cursor = new TextCursor(value);
        try {
            Filter filter = operation(column, cursor, false);
            cursor.expectEnd();
            return filter;
        } catch (TextCursor.Failure e) {
            throw PostgrestError.parse("filter", value, e.column, e.getMessage());
        }
    }

    /** {@code or=(...)}, {@code and=(...)}, {@code not.or=(...)}, {@code not.and=(...)}. */
    static Logic logicTree(String key, String value) {
        boolean negated = key.startsWith("not.");
        boolean conjunction = key.endsWith("and");
        TextCursor cursor = new TextCursor(value);
        try {
            List<Condition> children = conditionList(cursor);
            cursor.expectEnd();
            return new Logic(conjunction, negated, children);
        } catch (TextCursor.Failure e) {
            throw PostgrestError.parse("logic tree", value, e.column, e.getMessage());
        }
    }

    private static List<Condition> conditionList(TextCursor cursor) throws TextCursor.Failure {
        cursor.expect('(');
        List<Condition> children = new ArrayList<>();
        do {
            children.add(condition(cursor));
        } while (cursor.consume(","));
        cursor.expect(')');
        return children;
    }

    private static Condition condition(TextCursor cursor) throws TextCursor.Failure {
        while (!cursor.atEnd() && cursor.peek() == ' ') {
            cursor.pos++;
        }
        int start = cursor.pos;
        boolean negated = cursor.consume("not.");
        if (cursor.lookingAt("and(") || cursor.lookingAt("or(")) {
            boolean conjunction = cursor.consume("and");
            cursor.consume("or");
            return new Logic(conjunction, negated, conditionList(cursor));
        }
        cursor.pos = start; // not a nested tree: "not." belongs to a field name
        String field = !cursor.atEnd() && cursor.peek() == '"' ? cursor.quoted() : cursor.until(".,()");
        if (field.isEmpty()) {
            throw cursor.fail("field name or \"and(\" / \"or(\"");
        }
        cursor.expect('.');
        return operation(field, cursor, true);
    }

    private static Filter operation(String column, TextCursor cursor, boolean inTree) throws TextCursor.Failure {
        boolean negated = cursor.consume("not.");
        int operatorStart = cursor.pos;
        String operator = cursor.until(inTree ? ".,)" : ".");
        if (!OPERATORS.contains(operator)) {
            cursor.pos = operatorStart;
            throw cursor.fail(EXPECTED_OPERATOR);
        }
        cursor.expect('.');
        switch (operator) {
            case "in":
                return new Filter(column, negated, operator, null, list(cursor));
            case "is": {
                int valueStart = cursor.pos;
                String value = cursor.until(inTree ? ",)" : "").toLowerCase(Locale.ROOT);
                if (!IS_VALUES.contains(value)) {
                    cursor.pos = valueStart;
                    throw cursor.fail("null, not_null, true, false or unknown");
                }
                return new Filter(column, negated, operator, value, null);
            }
            default:
                return new Filter(column, negated, operator, inTree ? treeValue(cursor) : cursor.until(""), null);
        }
    }

    /** {@code (a,b,"c,d")}: the operand of {@code in}. {@code ()} is the empty list. */
    private static List<String> list(TextCursor cursor) throws TextCursor.Failure {
        cursor.expect('(');
        List<String> values = new ArrayList<>();
        if (cursor.consume(")")) {
            return values;
        }
        do {
            values.add(!cursor.atEnd() && cursor.peek() == '"' ? cursor.quoted() : cursor.until(",)"));
        } while (cursor.consume(","));
        cursor.expect(')');
        return values;
    }

    /** A value inside a logic tree: quoted, an array literal {@code {1,2}}, or plain up to {@code ,} or {@code )}. */
    private static String treeValue(TextCursor cursor) throws TextCursor.Failure {
        if (cursor.atEnd()) {
            return "";
        }
        if (cursor.peek() == '"') {
            return cursor.quoted();
        }
        if (cursor.peek() == '{') {
            int start = cursor.pos;
            int depth = 0;
            do {
                if (cursor.atEnd()) {
                    throw cursor.fail("\"}\"");
                }
                char c = cursor.text.charAt(cursor.pos++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            } while (depth > 0);
            return cursor.text.substring(start, cursor.pos);
        }
        return cursor.until(",)");
    }
}

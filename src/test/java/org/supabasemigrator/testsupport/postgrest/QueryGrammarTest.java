package org.supabasemigrator.testsupport.postgrest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * The grammar against the examples in PostgREST's own source ({@code ApiRequest/QueryParams.hs}, the doctests
 * of v14): the same column and the same words in every parse error, and the same names parsed.
 */
class QueryGrammarTest {

    private static final Function<Syntax, Object> OP_EXPR = s -> QueryGrammar.opExpr(s, new ReadRequest.Field("x", List.of()), false);

    /** Parsec's rendering of a result: {@code Left (line 1, column N): unexpected ... expecting ...}, or {@code Right ...}. */
    private static void run(String parser, String input, Function<Syntax, Object> p, String expected) {
        Syntax s = new Syntax(input);
        String got;
        try {
            got = "Right " + p.apply(s);
        } catch (Syntax.Fail f) {
            got = "Left (line 1, column " + s.errorColumn() + "): " + s.errorDetails();
        }
        assertThat(got).as(parser + " " + input).isEqualTo(expected);
    }

    @Test
    void parseErrorsNameTheColumnAndTheExpectationsPostgrestNames() {
        run("pFieldForest", "id,clients(name[])", QueryGrammar::fieldForest, "Left (line 1, column 16): unexpected '[' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input");
        run("pFieldForest", "data->>-78xy", QueryGrammar::fieldForest, "Left (line 1, column 11): unexpected 'x' expecting digit, \"->\", \"::\", \".\", \",\" or end of input");
        run("pFieldName", ":", QueryGrammar::fieldName, "Left (line 1, column 1): unexpected \":\" expecting field name (* or [a..z0..9_$])");
        run("pJsonPath", "->>-78xy", QueryGrammar::jsonPath, "Left (line 1, column 7): unexpected 'x' expecting digit, \"->\", \"::\", \".\", \",\" or end of input");
        run("pJsonPath", "->>--34", QueryGrammar::jsonPath, "Left (line 1, column 5): unexpected \"-\" expecting digit");
        run("pJsonPath", "->>-xy-4", QueryGrammar::jsonPath, "Left (line 1, column 5): unexpected \"x\" expecting digit");
        run("pRelationSelect", "rel->jsonpath(*)", s -> QueryGrammar.relationHeader(s, false), "Left (line 1, column 6): unexpected '>'");
        run("pRelationSelect", "rel->jsonpath!hint(*)", s -> QueryGrammar.relationHeader(s, false), "Left (line 1, column 6): unexpected '>'");
        run("pFieldSelect", "name!hint", QueryGrammar::fieldSelect, "Left (line 1, column 5): unexpected '!' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input");
        run("pFieldSelect", "*!hint", QueryGrammar::fieldSelect, "Left (line 1, column 2): unexpected '!' expecting \")\", \",\" or end of input");
        run("pFieldSelect", "name::", QueryGrammar::fieldSelect, "Left (line 1, column 7): unexpected end of input expecting letter or digit");
        run("pSpreadRelationSelect", "rel(*)", s -> QueryGrammar.relationHeader(s, true), "Left (line 1, column 1): unexpected \"r\" expecting \"...\"");
        run("pSpreadRelationSelect", "alias:...rel(*)", s -> QueryGrammar.relationHeader(s, true), "Left (line 1, column 1): unexpected \"a\" expecting \"...\"");
        run("pSpreadRelationSelect", "...rel->jsonpath(*)", s -> QueryGrammar.relationHeader(s, true), "Left (line 1, column 9): unexpected '>'");
        run("pOpExpr", "fts().value", OP_EXPR, "Left (line 1, column 5): unexpected \")\" expecting operator (eq, gt, ...)");
        run("pOpExpr", "eq().value", OP_EXPR, "Left (line 1, column 4): unexpected \")\" expecting operator (eq, gt, ...)");
        run("pOpExpr", "is().value", OP_EXPR, "Left (line 1, column 3): unexpected \"(\" expecting operator (eq, gt, ...)");
        run("pOpExpr", "in().value", OP_EXPR, "Left (line 1, column 3): unexpected \"(\" expecting operator (eq, gt, ...)");
        run("pOrder", "clients(name,id)", QueryGrammar::order, "Left (line 1, column 8): unexpected '(' expecting letter, digit, \"-\", \"->>\", \"->\", delimiter (.), \",\" or end of input");
        run("pOrder", "id.ac", QueryGrammar::order, "Left (line 1, column 4): unexpected \"c\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
        run("pOrder", "id.descc", QueryGrammar::order, "Left (line 1, column 8): unexpected 'c' expecting delimiter (.), \",\" or end of input");
        run("pOrder", "id.nulsfist", QueryGrammar::order, "Left (line 1, column 4): unexpected \"n\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
        run("pOrder", "id.nullslasttt", QueryGrammar::order, "Left (line 1, column 13): unexpected 't' expecting \",\" or end of input");
        run("pOrder", "id.smth34", QueryGrammar::order, "Left (line 1, column 4): unexpected \"s\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
        run("pOrder", "id.asc.nlsfst", QueryGrammar::order, "Left (line 1, column 8): unexpected \"l\" expecting \"nullsfirst\" or \"nullslast\"");
        run("pOrder", "id.asc.nullslasttt", QueryGrammar::order, "Left (line 1, column 17): unexpected 't' expecting \",\" or end of input");
        run("pOrder", "id.asc.smth34", QueryGrammar::order, "Left (line 1, column 8): unexpected \"s\" expecting \"nullsfirst\" or \"nullslast\"");
        run("pLogicTree", "or()", QueryGrammar::logicTree, "Left (line 1, column 4): unexpected \")\" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)");
        run("pLogicTree", "or(id.in.1,2,id.eq.3)", QueryGrammar::logicTree, "Left (line 1, column 10): unexpected \"1\" expecting \"(\"");
        run("pLogicTree", "or)(", QueryGrammar::logicTree, "Left (line 1, column 3): unexpected \")\" expecting \"(\"");
        run("pLogicTree", "and(ord(id.eq.1,id.eq.1),id.eq.2)", QueryGrammar::logicTree, "Left (line 1, column 7): unexpected \"d\" expecting \"(\"");
        run("pLogicTree", "or(id.eq.1,not.xor(id.eq.2,id.eq.3))", QueryGrammar::logicTree, "Left (line 1, column 16): unexpected \"x\" expecting logic operator (and, or)");
    }

    @Test
    void namesParseAsInPostgrest() {
        run("pFieldName", "identifier with spaces", QueryGrammar::fieldName, "Right identifier with spaces");
        run("pFieldName", "identifier-with-dashes", QueryGrammar::fieldName, "Right identifier-with-dashes");
        run("pFieldName", " no leading or trailing spaces ", QueryGrammar::fieldName, "Right no leading or trailing spaces");
        run("pFieldName", "\" leading and trailing spaces \"", QueryGrammar::fieldName, "Right  leading and trailing spaces ");
        run("pJsonPath", "->0,other", QueryGrammar::jsonPath, "Right [JsonStep[asText=false, key=null, index=+0]]");
        run("pJsonPath", "->!@#$%^&*_a", QueryGrammar::jsonPath, "Right [JsonStep[asText=false, key=!@#$%^&*_a, index=null]]");
    }
}

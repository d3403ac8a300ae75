package org.supabasemigrator.testsupport.postgrest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The parser state of one query-string value, with the error reporting of Parsec (the library PostgREST's
 * {@code QueryParams.hs} is written with), so that PGRST100 errors name the same column and read about
 * the same: {@code unexpected "c" expecting "asc", "desc", "nullsfirst" or "nullslast"}.
 *
 * <p>As in Parsec: the input is a sequence of characters (code points); an alternative that failed after
 * consuming input is not backtracked unless wrapped in {@link #attempt}; the error carried along is the one
 * gathered since the last consumed character (consuming drops it), and when two errors meet, the one at the
 * further position wins, at the same position their messages add up. A literal ({@link #string}) fails at
 * its start and names the first character that did not match.
 */
final class Syntax {

    /** A parse failure; the details are in the {@link Syntax} it came from. */
    static final class Fail extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Fail() {
            super("parse failure", null, false, false);
        }
    }

    private static final Fail FAIL = new Fail();

    /** Parsec's ParseError: a position and messages of three kinds. */
    private static final class Error {
        int pos = -1;
        final List<String> sys = new ArrayList<>();
        final List<String> user = new ArrayList<>();
        final List<String> expects = new ArrayList<>();

        boolean unknown() {
            return sys.isEmpty() && user.isEmpty() && expects.isEmpty();
        }

        Error copy() {
            Error e = new Error();
            e.pos = pos;
            e.sys.addAll(sys);
            e.user.addAll(user);
            e.expects.addAll(expects);
            return e;
        }

        void clear(int at) {
            pos = at;
            sys.clear();
            user.clear();
            expects.clear();
        }

        /** Parsec's {@code mergeError this other}, into this. */
        void merge(Error other) {
            if (other.unknown()) {
                return;
            }
            if (unknown() || other.pos > pos) {
                clear(other.pos);
            } else if (other.pos < pos) {
                return;
            }
            sys.addAll(other.sys);
            user.addAll(other.user);
            expects.addAll(other.expects);
        }
    }

    final String text;
    final int[] cp;
    int pos;
    private long consumed;
    private Error error = new Error();

    Syntax(String text) {
        this.text = text;
        this.cp = text.codePoints().toArray();
    }

    boolean atEnd() {
        return pos >= cp.length;
    }

    int peek() {
        return cp[pos];
    }

    boolean peekIs(int c) {
        return pos < cp.length && cp[pos] == c;
    }

    /** Consumes one character: the error gathered so far is dropped, as after any consuming step in Parsec. */
    private int advance() {
        consumed++;
        error.clear(pos + 1);
        return cp[pos++];
    }

    // ---------------------------------------------------------------- errors

    private void fault(int at, String sys, String user, String expect) {
        Error e = new Error();
        e.pos = at;
        if (sys != null) {
            e.sys.add(sys);
        }
        if (user != null) {
            e.user.add(user);
        }
        if (expect != null) {
            e.expects.add(expect);
        }
        error.merge(e);
    }

    private String sysAt(int at) {
        return at >= cp.length ? "" : showString(new String(Character.toChars(cp[at])));
    }

    /** The 1-based column of the reported error, as in Parsec's {@code (line 1, column N)}. */
    int errorColumn() {
        return Math.max(error.pos, 0) + 1;
    }

    /** Parsec's {@code showErrorMessages} on one line, as PostgREST puts it in {@code details}. */
    String errorDetails() {
        List<String> lines = new ArrayList<>();
        if (error.user.isEmpty() && !error.sys.isEmpty()) {
            String first = error.sys.get(0);
            lines.add("unexpected " + (first.isEmpty() ? "end of input" : first));
        }
        lines.add(showMany("unexpected", error.user));
        lines.add(showMany("expecting", error.expects));
        lines.removeIf(String::isEmpty);
        if (lines.isEmpty()) {
            return "unknown parse error";
        }
        return String.join(" ", lines).strip();
    }

    private static String showMany(String prefix, List<String> messages) {
        List<String> clean = new ArrayList<>(new LinkedHashSet<>(messages));
        clean.removeIf(String::isEmpty);
        if (clean.isEmpty()) {
            return "";
        }
        String last = clean.remove(clean.size() - 1);
        return prefix + " " + (clean.isEmpty() ? last : String.join(", ", clean) + " or " + last);
    }

    /** PostgREST's PGRST100 error for a failure of this parse. */
    PostgrestError toError(String sourceName) {
        return PostgrestError.of(400, "PGRST100", "\"" + sourceName + "\" (line 1, column " + errorColumn() + ")",
                errorDetails(), null);
    }

    // ---------------------------------------------------------------- primitives

    /** Parsec's {@code char c}. */
    void ch(int c) {
        if (!optCh(c)) {
            throw FAIL;
        }
    }

    /** {@code optional (char c)}: true when consumed. */
    boolean optCh(int c) {
        if (peekIs(c)) {
            advance();
            return true;
        }
        fault(pos, sysAt(pos), null, showString(new String(Character.toChars(c))));
        return false;
    }

    /** Parsec's {@code satisfy p <?> label} (label may be null: oneOf/noneOf have none). */
    int satisfy(IntPredicate predicate, String label) {
        if (sees(predicate, label)) {
            return advance();
        }
        throw FAIL;
    }

    /** Whether {@link #satisfy} would succeed; records the failure (consuming nothing) when it would not. */
    boolean sees(IntPredicate predicate, String label) {
        if (!atEnd() && predicate.test(peek())) {
            return true;
        }
        fault(pos, sysAt(pos), null, label);
        return false;
    }

    /** Parsec's {@code string s}: fails at its start, having consumed what matched. */
    void string(String s) {
        int start = pos;
        for (int c : s.codePoints().toArray()) {
            if (atEnd() || peek() != c) {
                Error e = new Error();
                e.pos = start;
                e.sys.add(sysAt(pos));
                e.expects.add(showString(s));
                if (pos != start) {
                    error = new Error(); // a consuming failure carries only its own error
                }
                error.merge(e);
                throw FAIL;
            }
            advance();
        }
    }

    /** {@code try (string s)}: true when matched, otherwise nothing consumed. */
    boolean tryString(String s) {
        return optionalAttempt(() -> {
            string(s);
            return Boolean.TRUE;
        }) != null;
    }

    /** {@code try (lookAhead (string s))}: whether the input continues with s; consumes nothing. */
    boolean lookAheadString(String s) {
        int start = pos;
        long before = consumed;
        Error entry = error.copy();
        if (tryString(s)) {
            pos = start;
            consumed = before;
            error = entry; // lookAhead succeeds with an unknown error
            return true;
        }
        return false;
    }

    /** Parsec's {@code eof} (its error is at the offending character: anyToken does not move the position). */
    boolean atEof() {
        if (atEnd()) {
            return true;
        }
        fault(pos, null, showChar(peek()), "end of input");
        return false;
    }

    /**
     * {@code notFollowedBy (satisfy p)}: true when the next character does not satisfy p. Parsec reports the
     * offending character after it, as its token parsers move the position past what they read.
     */
    boolean notFollowedBy(IntPredicate predicate) {
        if (!atEnd() && predicate.test(peek())) {
            fault(pos + 1, null, showChar(peek()), null);
            return false;
        }
        return true;
    }

    /** PostgREST's {@code ws}: spaces and tabs. */
    void ws() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            advance();
        }
        fault(pos, sysAt(pos), null, null);
    }

    Fail fail() {
        return FAIL;
    }

    // ---------------------------------------------------------------- combinators

    /** Parsec's {@code try}: on failure the position is restored and the failure counts as consuming nothing. */
    <T> T attempt(Supplier<T> parser) {
        int start = pos;
        long before = consumed;
        Error entry = error.copy();
        try {
            return parser.get();
        } catch (Fail f) {
            pos = start;
            if (consumed != before) {
                consumed = before;
                entry.merge(error);
                error = entry;
            }
            throw f;
        }
    }

    /** {@code optionMaybe (try p)}: the value, or null with nothing consumed. */
    <T> T optionalAttempt(Supplier<T> parser) {
        try {
            return attempt(parser);
        } catch (Fail f) {
            return null;
        }
    }

    /** {@code optionMaybe p}: null when p fails without consuming; a consuming failure propagates. */
    <T> T optional(Supplier<T> parser) {
        long before = consumed;
        try {
            return parser.get();
        } catch (Fail f) {
            if (consumed != before) {
                throw f;
            }
            return null;
        }
    }

    /** Whether p consumed input when it failed (so that {@code <|>} must not try an alternative). */
    boolean consumedSince(long mark) {
        return consumed != mark;
    }

    long mark() {
        return consumed;
    }

    /** Parsec's {@code p <?> label}: when p consumes nothing, what it expected is replaced by the label. */
    <T> T labeled(String label, Supplier<T> parser) {
        long before = consumed;
        Error entry = error.copy();
        error = new Error();
        error.pos = pos;
        try {
            T value = parser.get();
            if (consumed == before) {
                relabel(label, false);
                entry.merge(error);
                error = entry;
            }
            return value;
        } catch (Fail f) {
            if (consumed == before) {
                relabel(label, true);
                entry.merge(error);
                error = entry;
            }
            throw f;
        }
    }

    private void relabel(String label, boolean failed) {
        if (!failed && error.unknown()) {
            return;
        }
        error.expects.clear();
        error.expects.add(label);
    }

    // ---------------------------------------------------------------- Haskell's show

    /** Haskell's {@code show} of a String: {@code "И"} becomes {@code "\1048"}, as Parsec prints tokens. */
    static String showString(String s) {
        StringBuilder out = new StringBuilder("\"");
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '"') {
                out.append("\\\"");
            } else {
                boolean numeric = appendEscaped(out, c);
                if (numeric && i + 1 < cps.length && cps[i + 1] >= '0' && cps[i + 1] <= '9') {
                    out.append("\\&");
                }
            }
        }
        return out.append('"').toString();
    }

    /** Haskell's {@code show} of a Char: {@code 'x'}. */
    static String showChar(int c) {
        StringBuilder out = new StringBuilder("'");
        if (c == '\'') {
            out.append("\\'");
        } else {
            appendEscaped(out, c);
        }
        return out.append('\'').toString();
    }

    /** Appends c as Haskell escapes it; true when written as a numeric escape. */
    private static boolean appendEscaped(StringBuilder out, int c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            case 7 -> out.append("\\a");
            case 8 -> out.append("\\b");
            case 11 -> out.append("\\v");
            case 12 -> out.append("\\f");
            case 127 -> out.append("\\DEL");
            default -> {
                if (c >= 32 && c < 127) {
                    out.append((char) c);
                } else {
                    out.append('\\').append(c);
                    return true;
                }
            }
        }
        return false;
    }
}

package org.supabasemigrator.testsupport;

import java.util.Random;

/** Random text for tests of JSON and COPY escaping. */
public final class RandomText {

    private RandomText() {
    }

    /** Text mixing ASCII, quotes, backslashes, control characters, Cyrillic and emoji. */
    public static String of(Random random) {
        String[] pieces = {"a", "Z", " ", "\"", "\\", "/", "\t", "\n", "\r", "\u0000", "\u001f", "\b", "\f", "Ж", "ё",
                "😀", "中", "\u2028", "{", "}", "[", "]", ",", ":", "NULL"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }
}

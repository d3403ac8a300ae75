package org.supabasemigrator.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a page body (a JSON array of row objects) to its end, as any client must, counting the rows and keeping
 * the last row's key values for the next keyset request. Jackson's streaming parser skips the other values
 * without decoding them, so the drain costs little more CPU than reading the bytes.
 */
final class PageScanner {

    /** Rows on the page and the last row's key values (null for an empty page). */
    record Page(int rows, List<String> lastKey) {
    }

    /** The body is the caller's to close: it reads the rest (and the wire's rest) after the array. */
    private static final JsonFactory JSON = new JsonFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private PageScanner() {
    }

    static Page scan(InputStream body, List<String> keyColumns) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("page is not a JSON array but starts with " + parser.currentToken());
            }
            int rows = 0;
            String[] key = null;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                rows++;
                key = new String[keyColumns.size()];
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    int index = keyColumns.indexOf(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (index >= 0) {
                        key[index] = parser.getText();
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    }
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("page holds " + parser.currentToken() + " where a row should start");
            }
            while (body.read() >= 0) {
                // whatever trails the array (nothing, normally) is read too: the body is read to its end
            }
            if (key != null && Arrays.asList(key).contains(null)) {
                throw new IOException("the last row lacks a key column of " + keyColumns);
            }
            return new Page(rows, key == null ? null : new ArrayList<>(Arrays.asList(key)));
        }
    }
}

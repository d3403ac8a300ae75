package org.supabasemigrator.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Frames a page body into its row objects without decoding them: each record is a view of the exact bytes
 * the source sent, for the transform and for the dead-letter store. A body that is not a complete JSON array
 * of objects (cut off, HTML, an error object) is rejected whole, so a page is never half-applied.
 */
public final class PageRecords {

    private static final JsonFactory JSON = new JsonFactory();

    private PageRecords() {
    }

    public static List<SourceRecord> split(byte[] body) {
        List<SourceRecord> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedPageException("expected a JSON array of rows, got " + preview(body));
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                records.add(new SourceRecord(body, start, end - start));
            }
            if (token != JsonToken.END_ARRAY) {
                throw new MalformedPageException("expected only row objects in the page array, got " + token);
            }
            if (parser.nextToken() != null) {
                throw new MalformedPageException("unexpected content after the page array");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("page body is not valid JSON (" + e.getOriginalMessage() + "), "
                    + body.length + " bytes received");
        } catch (IOException e) {
            throw new MalformedPageException("page body could not be read: " + e.getMessage());
        }
        return records;
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return body.length == 0 ? "an empty body" : "'" + text + (body.length > 80 ? "...'" : "'");
    }
}

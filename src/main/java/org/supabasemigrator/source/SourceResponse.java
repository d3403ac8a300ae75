package org.supabasemigrator.source;

import java.util.OptionalLong;

/** An answer of the source: the status, the body and the total from {@code Content-Range} (if counted). */
public record SourceResponse(int status, byte[] body, String contentRange) {

    /** The total after the slash in {@code Content-Range: 0-999/1304}; empty when the server did not count. */
    public OptionalLong total() {
        if (contentRange == null) {
            return OptionalLong.empty();
        }
        int slash = contentRange.lastIndexOf('/');
        String total = slash < 0 ? "*" : contentRange.substring(slash + 1).trim();
        if (total.equals("*")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(total));
        } catch (NumberFormatException e) {
            throw new MalformedPageException("unreadable Content-Range '" + contentRange + "'");
        }
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}

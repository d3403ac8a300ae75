package org.supabasemigrator.source;

/** The source answered 200 with a body that is not a JSON array of row objects: asked again, it may be whole. */
public class MalformedPageException extends SourceException {

    public MalformedPageException(String message) {
        super(message, true, "malformed", null);
    }
}

package org.supabasemigrator.source;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.supabasemigrator.run.SliceCursor;

/** Opens a fetched page: its records, and the end of the slice when a page comes back empty. */
@ApplicationScoped
@Named("sourcePages")
public class SourcePages {

    public List<SourceRecord> records(@ExchangeProperty("slice") SliceCursor slice, SourceResponse page) {
        List<SourceRecord> records = PageRecords.split(page.body());
        if (records.isEmpty()) {
            slice.endReached();
        }
        return records;
    }
}

package org.supabasemigrator.model;

import java.util.ArrayList;
import java.util.List;

/** Consecutive groups of a list, in order: views of it, not copies. */
public final class Groups {

    private Groups() {
    }

    /** {@code items} in groups of {@code size}, the last one shorter when they do not divide evenly. */
    public static <T> List<List<T>> of(List<T> items, int size) {
        List<List<T>> groups = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            groups.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return groups;
    }
}

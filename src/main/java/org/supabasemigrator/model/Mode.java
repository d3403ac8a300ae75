package org.supabasemigrator.model;

import java.util.Locale;

/** What a run does with each table. */
public enum Mode {
    /** Every row is copied, then (or while) compared with the target. */
    FULL,
    /** Rows changed since the last successful copy are copied; rows gone from the source are found. */
    INCREMENTAL,
    /** Nothing is written: every row is compared with the target. */
    VERIFY;

    /** The name the API and the bookkeeping use: {@code full}, {@code incremental}, {@code verify}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String name) {
        for (Mode mode : values()) {
            if (mode.json().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; modes: full, incremental, verify");
    }
}

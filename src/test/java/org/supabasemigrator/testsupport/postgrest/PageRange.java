package org.supabasemigrator.testsupport.postgrest;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A range of row numbers with the semantics of the Haskell {@code Data.Ranged} ranges PostgREST computes
 * limit, offset, the Range header and db-max-rows with ({@code RangeQuery.hs}), so that odd inputs come out
 * as they do there ({@code offset=-4} is a no-op, {@code limit=-1} is a 416, {@code limit=0} is {@code LIMIT 0}).
 *
 * @param lower first row, or null for "below all"
 * @param upper last row, or null for "above all"
 * @param canonicalEmpty PostgREST's {@code emptyRange} (what intersecting an empty range gives)
 */
record PageRange(BigInteger lower, BigInteger upper, boolean canonicalEmpty) {

    static final PageRange ALL = new PageRange(BigInteger.ZERO, null, false);
    static final PageRange EMPTY = new PageRange(null, null, true);
    /** {@code 0 <= x <= -1}: how PostgREST lets {@code limit=0} through its empty-range checks. */
    static final PageRange LIMIT_ZERO = new PageRange(BigInteger.ZERO, BigInteger.valueOf(-1), false);

    static PageRange geq(BigInteger n) {
        return new PageRange(n, null, false);
    }

    static PageRange leq(BigInteger n) {
        return new PageRange(null, n, false);
    }

    boolean isEmpty() {
        return canonicalEmpty || (lower != null && upper != null && upper.compareTo(lower) < 0);
    }

    PageRange intersect(PageRange other) {
        if (isEmpty() || other.isEmpty()) {
            return EMPTY;
        }
        BigInteger lo = lower == null ? other.lower : other.lower == null ? lower : lower.max(other.lower);
        BigInteger hi = upper == null ? other.upper : other.upper == null ? upper : upper.min(other.upper);
        return new PageRange(lo, hi, false);
    }

    /** {@code rangeLimit}: the row count when both ends are bounded. */
    BigInteger limit() {
        return lower != null && upper != null ? BigInteger.ONE.add(upper).subtract(lower) : null;
    }

    /** {@code rangeOffset}: the lower end. */
    BigInteger offset() {
        if (lower == null) {
            throw new IllegalStateException("range without lower bound");
        }
        return lower;
    }

    /** {@code restrictRange}: at most {@code limit} rows from this range's offset; null leaves it as is. */
    PageRange restrict(BigInteger limit) {
        if (limit == null) {
            return this;
        }
        return intersect(leq(offset().add(limit).subtract(BigInteger.ONE)));
    }

    boolean hasLimitZero() {
        return !canonicalEmpty && upper != null && upper.equals(LIMIT_ZERO.upper);
    }

    /** {@code convertToLimitZeroRange}: the limit-zero range when this one has it, else the fallback. */
    PageRange orLimitZero(PageRange fallback) {
        return hasLimitZero() ? LIMIT_ZERO : fallback;
    }

    /** Ranged's equality: all empty ranges are equal. */
    boolean same(PageRange other) {
        return (isEmpty() && other.isEmpty()) || (Objects.equals(lower, other.lower) && Objects.equals(upper, other.upper));
    }

    boolean isAll() {
        return same(ALL);
    }
}

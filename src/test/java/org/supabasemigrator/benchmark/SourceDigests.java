package org.supabasemigrator.benchmark;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.supabasemigrator.testsupport.TestDatabase;

/**
 * The source's content digests of one scenario, computed once (the source does not change between its runs) and
 * the first time alongside the first target's, one database backend each, so a comparison of gigabytes takes the
 * time of one side.
 */
final class SourceDigests {

    private final TestDatabase source;
    private final List<SourceTable> tables;
    private CompletableFuture<List<ContentDigest.Digest>> digests;

    SourceDigests(TestDatabase source, List<SourceTable> tables) {
        this.source = source;
        this.tables = tables;
    }

    /** Every table of the target against the source, in the tables' order. */
    List<ContentDigest.Comparison> compare(TestDatabase target) {
        CompletableFuture<List<ContentDigest.Digest>> expected = started();
        List<ContentDigest.Digest> actual = tables.stream().map(t -> ContentDigest.of(target, t)).toList();
        List<ContentDigest.Digest> sourceDigests = expected.join();
        return IntStream.range(0, tables.size()).mapToObj(i -> new ContentDigest.Comparison(
                tables.get(i).name(), sourceDigests.get(i), actual.get(i), sourceDigests.get(i).equals(actual.get(i))))
                .toList();
    }

    List<ContentDigest.Digest> source() {
        return started().join();
    }

    private synchronized CompletableFuture<List<ContentDigest.Digest>> started() {
        if (digests == null) {
            digests = CompletableFuture.supplyAsync(() -> tables.stream().map(t -> ContentDigest.of(source, t)).toList());
        }
        return digests;
    }
}

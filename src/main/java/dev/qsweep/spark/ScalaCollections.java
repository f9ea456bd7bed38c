package dev.qsweep.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import scala.collection.Iterator;

/**
 * Scala collections from Spark's API as Java lists, in a form that compiles against Scala 2.12 (Spark 3.5) and 2.13
 * (Spark 3.5 and 4): {@code scala.jdk.javaapi.CollectionConverters} exists only in 2.13, and a Spark {@code Seq} is
 * {@code scala.collection.Seq} in 2.12 but {@code scala.collection.immutable.Seq} in 2.13. Both are a
 * {@code scala.collection.Iterable}, whose {@code iterator()} both versions share.
 */
final class ScalaCollections {
    private ScalaCollections() {
    }

    /** The items in iteration order, copied into an unmodifiable Java list. */
    static <T> List<T> toList(scala.collection.Iterable<T> items) {
        List<T> list = new ArrayList<>();
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            list.add(it.next());
        }
        return Collections.unmodifiableList(list);
    }
}

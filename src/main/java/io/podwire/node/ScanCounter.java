package io.podwire.node;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts how many entries of a node's node-wide indexes were iterated (lookups by key are not counted): the cheap,
 * timing-free guard that evaluation stays linear in pods, since a per-pod rescan of the snapshot shows up as
 * entries × pods here.
 */
final class ScanCounter {
    private final LongAdder visited = new LongAdder();

    long visited() {
        return visited.sum();
    }

    <K, V> Map<K, V> map(Map<K, V> m) {
        return new CountingMap<>(m);
    }

    <T> List<T> list(List<T> l) {
        return new CountingList<>(l);
    }

    private final class CountingMap<K, V> extends AbstractMap<K, V> {
        private final Map<K, V> m;

        CountingMap(Map<K, V> m) {
            this.m = m;
        }

        @Override
        public V get(Object key) {
            return m.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return m.containsKey(key);
        }

        @Override
        public int size() {
            return m.size();
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    Iterator<Entry<K, V>> it = m.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<K, V> next() {
                            visited.increment();
                            return it.next();
                        }
                    };
                }

                @Override
                public int size() {
                    return m.size();
                }
            };
        }
    }

    private final class CountingList<T> extends AbstractList<T> {
        private final List<T> l;

        CountingList(List<T> l) {
            this.l = l;
        }

        @Override
        public T get(int index) {
            visited.increment();
            return l.get(index);
        }

        @Override
        public int size() {
            return l.size();
        }
    }
}

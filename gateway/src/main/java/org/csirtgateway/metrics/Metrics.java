package org.csirtgateway.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A small registry of counters, gauges and histograms, written out in the Prometheus text exposition format
 * (version 0.0.4). One instance per gateway (no global registry); instruments are registered at wiring time and
 * updated lock-free afterwards.
 */
public final class Metrics {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** Histogram bucket bounds in seconds: from a millisecond (a parse) to a minute (a slow SMTP server). */
    static final double[] SECONDS_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            30, 60};

    private final List<Family> families = new ArrayList<>();

    /** A counter without labels. */
    public Counter counter(String name, String help) {
        LabeledCounter family = counter(name, help, null);
        return family.labels("");
    }

    /** A counter with one label, e.g. {@code channel}. */
    public synchronized LabeledCounter counter(String name, String help, String label) {
        LabeledCounter family = new LabeledCounter(checkedName(name), help, label);
        families.add(family);
        return family;
    }

    /** A gauge read when the metrics are scraped (e.g. a count in the database). */
    public synchronized void gauge(String name, String help, LongSupplier value) {
        families.add(new Gauge(checkedName(name), help, value));
    }

    /** A histogram of durations in seconds with one label, e.g. {@code stage}. */
    public synchronized Histogram histogram(String name, String help, String label) {
        Histogram family = new Histogram(checkedName(name), help, label, SECONDS_BUCKETS);
        families.add(family);
        return family;
    }

    /** Everything in the Prometheus text format. A gauge that fails to read is left out, with a comment saying so. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        List<Family> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(families);
        }
        for (Family family : snapshot) {
            family.writeTo(out);
        }
        return out.toString();
    }

    private String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a Prometheus metric name: " + name);
        }
        for (Family family : families) {
            if (family.name.equals(name)) {
                throw new IllegalArgumentException("Metric registered twice: " + name);
            }
        }
        return name;
    }

    private abstract static class Family {
        final String name;
        final String help;
        final String type;

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        void writeHeader(StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        abstract void writeTo(StringBuilder out);
    }

    /** A monotonically increasing count. */
    public static final class Counter {
        private final AtomicLong value = new AtomicLong();

        public void increment() {
            value.incrementAndGet();
        }

        public void add(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up");
            }
            value.addAndGet(amount);
        }

        public long value() {
            return value.get();
        }
    }

    /** A counter family with one label; each label value is its own series. */
    public static final class LabeledCounter extends Family {
        private final String label;
        private final Map<String, Counter> series = new ConcurrentSkipListMap<>();

        LabeledCounter(String name, String help, String label) {
            super(name, help, "counter");
            this.label = label;
        }

        public Counter labels(String value) {
            return series.computeIfAbsent(value, v -> new Counter());
        }

        @Override
        void writeTo(StringBuilder out) {
            writeHeader(out);
            if (label == null) {
                out.append(name).append(' ').append(labels("").value()).append('\n');
                return;
            }
            series.forEach((value, counter) -> out.append(name).append(labelText(label, value)).append(' ')
                    .append(counter.value()).append('\n'));
        }
    }

    private static final class Gauge extends Family {
        private final LongSupplier value;

        Gauge(String name, String help, LongSupplier value) {
            super(name, help, "gauge");
            this.value = value;
        }

        @Override
        void writeTo(StringBuilder out) {
            long current;
            try {
                current = value.getAsLong();
            } catch (RuntimeException e) {
                out.append("# ").append(name).append(" unavailable: ").append(e.getClass().getSimpleName())
                        .append('\n');
                return;
            }
            writeHeader(out);
            out.append(name).append(' ').append(current).append('\n');
        }
    }

    /** Durations in seconds, per label value, in cumulative buckets (quantiles are computed by Prometheus). */
    public static final class Histogram extends Family {
        private final String label;
        private final double[] bounds;
        private final Map<String, Series> series = new ConcurrentHashMap<>();

        Histogram(String name, String help, String label, double[] bounds) {
            super(name, help, "histogram");
            this.label = label;
            this.bounds = bounds.clone();
        }

        /** Records a duration measured with {@link System#nanoTime()}. */
        public void observeNanos(String labelValue, long nanos) {
            series.computeIfAbsent(labelValue, v -> new Series(bounds.length)).observe(bounds, nanos / 1e9);
        }

        /** Seconds recorded so far for {@code labelValue}. */
        public double sumSeconds(String labelValue) {
            Series one = series.get(labelValue);
            return one == null ? 0 : one.sumNanos.get() / 1e9;
        }

        /** Observations recorded so far for {@code labelValue}. */
        public long count(String labelValue) {
            Series one = series.get(labelValue);
            return one == null ? 0 : one.count.get();
        }

        @Override
        void writeTo(StringBuilder out) {
            writeHeader(out);
            new ConcurrentSkipListMap<>(series).forEach((value, one) -> {
                long cumulative = 0;
                for (int i = 0; i < bounds.length; i++) {
                    cumulative += one.buckets.get(i);
                    out.append(name).append("_bucket{").append(label).append("=\"").append(escape(value))
                            .append("\",le=\"").append(format(bounds[i])).append("\"} ").append(cumulative)
                            .append('\n');
                }
                long count = one.count.get();
                out.append(name).append("_bucket{").append(label).append("=\"").append(escape(value))
                        .append("\",le=\"+Inf\"} ").append(count).append('\n');
                out.append(name).append("_sum").append(labelText(label, value)).append(' ')
                        .append(format(one.sumNanos.get() / 1e9)).append('\n');
                out.append(name).append("_count").append(labelText(label, value)).append(' ').append(count)
                        .append('\n');
            });
        }

        private static final class Series {
            final AtomicLongArray buckets;
            final AtomicLong count = new AtomicLong();
            final AtomicLong sumNanos = new AtomicLong();

            Series(int size) {
                buckets = new AtomicLongArray(size);
            }

            void observe(double[] bounds, double seconds) {
                for (int i = 0; i < bounds.length; i++) {
                    if (seconds <= bounds[i]) {
                        buckets.incrementAndGet(i);
                        break;
                    }
                }
                sumNanos.addAndGet((long) (seconds * 1e9));
                count.incrementAndGet();
            }
        }
    }

    private static String labelText(String label, String value) {
        return "{" + label + "=\"" + escape(value) + "\"}";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }
}

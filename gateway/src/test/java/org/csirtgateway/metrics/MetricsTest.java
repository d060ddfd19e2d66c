package org.csirtgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countersGaugesAndHistogramsAreWrittenInPrometheusTextFormat() {
        Metrics metrics = new Metrics();
        Metrics.LabeledCounter fetched = metrics.counter("csirt_messages_fetched_total", "Messages kept", "channel");
        metrics.gauge("csirt_backlog_messages", "Pending", () -> 7);
        Metrics.Histogram stages = metrics.histogram("csirt_stage_duration_seconds", "Per stage", "stage");

        fetched.labels("csirt").increment();
        fetched.labels("abuse").add(2);
        stages.observeNanos("parse", 3_000_000L);
        stages.observeNanos("parse", 2_000_000_000L);

        assertThat(metrics.scrape()).isEqualTo("""
                # HELP csirt_messages_fetched_total Messages kept
                # TYPE csirt_messages_fetched_total counter
                csirt_messages_fetched_total{channel="abuse"} 2
                csirt_messages_fetched_total{channel="csirt"} 1
                # HELP csirt_backlog_messages Pending
                # TYPE csirt_backlog_messages gauge
                csirt_backlog_messages 7
                # HELP csirt_stage_duration_seconds Per stage
                # TYPE csirt_stage_duration_seconds histogram
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.001"} 0
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.0025"} 0
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.005"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.01"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.025"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.05"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.1"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.25"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="0.5"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="1.0"} 1
                csirt_stage_duration_seconds_bucket{stage="parse",le="2.5"} 2
                csirt_stage_duration_seconds_bucket{stage="parse",le="5.0"} 2
                csirt_stage_duration_seconds_bucket{stage="parse",le="10.0"} 2
                csirt_stage_duration_seconds_bucket{stage="parse",le="30.0"} 2
                csirt_stage_duration_seconds_bucket{stage="parse",le="60.0"} 2
                csirt_stage_duration_seconds_bucket{stage="parse",le="+Inf"} 2
                csirt_stage_duration_seconds_sum{stage="parse"} 2.003
                csirt_stage_duration_seconds_count{stage="parse"} 2
                """);
    }

    @Test
    void labelValuesFromMailCanNotBreakTheExpositionFormat() {
        Metrics metrics = new Metrics();
        metrics.counter("c_total", "help", "channel").labels("a\"} 999\nevil_total 1").increment();
        assertThat(metrics.scrape()).contains("c_total{channel=\"a\\\"} 999\\nevil_total 1\"} 1")
                .doesNotContain("\nevil_total 1\n");
    }

    @Test
    void aGaugeThatCannotBeReadIsLeftOutWithAComment() {
        Metrics metrics = new Metrics();
        metrics.gauge("g", "help", () -> {
            throw new IllegalStateException("database locked");
        });
        assertThat(metrics.scrape()).isEqualTo("# g unavailable: IllegalStateException\n");
    }

    @Test
    void namesAreCheckedAndRegisteredOnce() {
        Metrics metrics = new Metrics();
        metrics.counter("ok_total", "help");
        assertThatThrownBy(() -> metrics.counter("ok_total", "again")).hasMessageContaining("registered twice");
        assertThatThrownBy(() -> metrics.counter("bad name", "help")).hasMessageContaining("Not a Prometheus");
    }
}

package org.csirtgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final AtomicLong now = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @Test
    void lineShowsCountPercentRateAndTimeLeft() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true, "import", now::get);
        bar.started(1000);
        assertThat(bar.line(250, 5_000_000_000L)).isEqualTo(
                "[#######.......................] 250/1000 25% 50.0 msg/s ETA 0:15");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true, "import", now::get);
        bar.started(10);
        now.set(200_000_000L);
        bar.advanced(5);
        now.set(400_000_000L);
        bar.finished(10);
        assertThat(err.toString()).startsWith("\r[").contains("\r[##############################] 10/10 100%")
                .doesNotContain("import:");
    }

    @Test
    void elsewherePlainLinesArePrintedNowAndThen() {
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false, "import", now::get);
        bar.started(10);
        now.set(1_000_000_000L);
        bar.advanced(1);
        now.set(6_000_000_000L);
        bar.advanced(2);
        bar.finished(10);
        assertThat(err.toString().lines()).containsExactly("import: 10 message(s) to read",
                "import: [######........................] 2/10 20% 0.3 msg/s ETA 0:24",
                "import: [##############################] 10/10 100% 1.7 msg/s ETA 0:00");
        assertThat(err.toString()).doesNotContain("\r");
    }
}

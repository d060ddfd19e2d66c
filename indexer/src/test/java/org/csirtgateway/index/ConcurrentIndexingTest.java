package org.csirtgateway.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csirtgateway.index.Reports.day;
import static org.csirtgateway.index.Reports.message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail poller indexes while web requests search: neither may fail or see a half-written state. */
class ConcurrentIndexingTest {

    @TempDir
    Path dir;

    @Test
    void searchesWhileIndexingAndCommittingSeeConsistentPages() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ReportIndex index = ReportIndex.open(dir)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit((Callable<Void>) () -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        index.index(message("m" + i, "T-" + (i % 50), "Report " + i, "incident number " + i,
                                day(1 + i % 30)));
                        if (i % 20 == 0) {
                            index.commit();
                        }
                    }
                    index.commit();
                } finally {
                    writing.set(false);
                }
                return null;
            }));
            for (int reader = 0; reader < 3; reader++) {
                tasks.add(pool.submit((Callable<Void>) () -> {
                    do {
                        SearchPage page = index.search("incident", 10, 0);
                        assertThat(page.totalTickets()).isBetween(0L, 50L);
                        assertThat(page.hits()).hasSizeLessThanOrEqualTo(10);
                        assertThat(index.messageCount()).isBetween(0L, 300L);
                    } while (writing.get());
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }

            assertThat(index.messageCount()).isEqualTo(300);
            assertThat(index.search("incident", 10, 0).totalTickets()).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.fleetway.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The one shared audit of serve: however many callers poll, one audit at a time, at most one per max age. */
class AuditCacheTest {

    @Test
    void callersThatComeWhileAnAuditRunsWaitForThatOneSoNeverTwoRunAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger audits = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AuditCache<String> cache = new AuditCache<>(Duration.ofHours(1), () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            int n = audits.incrementAndGet();
            started.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return "audit " + n;
        });
        ExecutorService browsers = Executors.newFixedThreadPool(24);
        try {
            List<Future<String>> answers = new ArrayList<>();
            answers.add(browsers.submit(cache::get));
            assertThat(started.await(30, TimeUnit.SECONDS)).as("the first audit started").isTrue();
            for (int i = 0; i < 23; i++) {
                answers.add(browsers.submit(cache::get));
            }
            release.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("audit 1");
            }
        } finally {
            browsers.shutdownNow();
        }
        assertThat(audits.get()).isEqualTo(1);
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(cache.get()).as("a report younger than the max age is served as is").isEqualTo("audit 1");
        assertThat(audits.get()).isEqualTo(1);
    }

    @Test
    void aReportOlderThanTheMaxAgeStartsOneNewAudit() {
        AtomicInteger audits = new AtomicInteger();
        AuditCache<String> cache = new AuditCache<>(Duration.ZERO, () -> "audit " + audits.incrementAndGet());
        assertThat(cache.get()).isEqualTo("audit 1");
        assertThat(cache.get()).isEqualTo("audit 2");
        assertThat(cache.last()).isEqualTo("audit 2");
    }

    @Test
    void aFailedAuditIsThrownToItsCallerAndTheNextCallTriesAgain() {
        AtomicInteger audits = new AtomicInteger();
        AuditCache<String> cache = new AuditCache<>(Duration.ofHours(1), () -> {
            if (audits.incrementAndGet() == 1) {
                throw new IllegalStateException("database gone");
            }
            return "audit " + audits.get();
        });
        assertThatThrownBy(cache::get).isInstanceOf(IllegalStateException.class).hasMessage("database gone");
        assertThat(cache.last()).isNull();
        assertThat(cache.get()).isEqualTo("audit 2");
    }
}

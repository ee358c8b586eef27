/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.tck.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs rounds of workers, one per thread, all released at once so that their calls overlap. A round
 * that does not finish within its time limit fails with the threads' stacks: a deadlock (or a
 * livelock) is a test failure, never a hang.
 *
 * <p>Calls of a few microseconds rarely overlap by chance: a thread is often done before the next
 * one is scheduled. So workers go in lock step: each calls {@link Step#next()} before each of its
 * steps, which returns once every worker has reached the same step. Waking the parked workers still
 * staggers them by more than a short call lasts, so the workloads also pause inside calls (see
 * {@link HistoryRecorder#pauseInsideCall()}).
 */
final class ConcurrentRounds implements AutoCloseable {
  private final ExecutorService pool;
  private final Duration limit;

  /**
   * A runner for rounds of {@code threads} workers.
   *
   * @param threads workers per round
   * @param limit how long one round may take
   */
  ConcurrentRounds(int threads, Duration limit) {
    // Daemon threads: after a deadlock, the stuck workers must not keep the test JVM alive.
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "round-worker");
              thread.setDaemon(true);
              return thread;
            });
    this.limit = limit;
  }

  /**
   * Runs one round: every worker on its own thread, started together.
   *
   * @param workers the round's workers; worker {@code i} is given {@code i}
   * @throws AssertionError if a worker threw (its exception is the cause) or the round took longer
   *     than the limit (the message holds the stack of every live thread)
   */
  void run(List<Worker> workers) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    CyclicBarrier barrier = new CyclicBarrier(workers.size());
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      int thread = i;
      Worker worker = workers.get(i);
      running.add(
          pool.submit(
              () -> {
                start.await();
                worker.run(thread, barrier::await);
                return null;
              }));
    }
    start.countDown();
    long deadline = System.nanoTime() + limit.toNanos();
    for (Future<?> future : running) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(
            "a round took longer than " + limit + ": deadlock? Threads:\n" + allStacks(), e);
      } catch (ExecutionException e) {
        throw new AssertionError("a worker failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private static String allStacks() {
    StringBuilder text = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              text.append(thread.getName()).append(" ").append(thread.getState()).append('\n');
              for (StackTraceElement frame : stack) {
                text.append("    at ").append(frame).append('\n');
              }
            });
    return text.toString();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One thread's part of a round. */
  @FunctionalInterface
  interface Worker {
    /**
     * Does this thread's calls.
     *
     * @param thread the worker's number
     * @param step to call before each step; every worker must call it equally often
     */
    void run(int thread, Step step) throws Exception;
  }

  /** The lock step of a round's workers. */
  @FunctionalInterface
  interface Step {
    /** Returns once every worker has called this as often as the caller. */
    int next() throws InterruptedException, BrokenBarrierException;
  }
}

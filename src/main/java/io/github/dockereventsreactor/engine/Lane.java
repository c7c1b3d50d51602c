package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Rendering;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule's worker: a bounded queue and a thread that runs the rule's command for each queued
 * event, one at a time in event order, so a slow rule never delays the reader or other rules.
 */
final class Lane {

  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  private final Rule rule;
  private final int capacity;
  private final BlockingQueue<EventContext> queue;
  private final ActionExecutor executor;
  private final ReactorListener listener;
  private final Thread worker;
  private final AtomicLong dropsInBurst = new AtomicLong();
  private volatile boolean closed;

  Lane(Rule rule, int capacity, ActionExecutor executor, ReactorListener listener) {
    this.rule = rule;
    this.capacity = capacity;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.executor = executor;
    this.listener = listener;
    this.worker = new Thread(this::work, "rule: " + rule.name());
    worker.start();
  }

  /** Queues the event without ever waiting; a full queue drops it, counted and logged. */
  void offer(EventContext context) {
    if (queue.offer(context)) {
      long dropped = dropsInBurst.getAndSet(0);
      if (dropped > 0) {
        LOG.warn("rule \"{}\": queue has room again after dropping {} events", rule.name(), dropped);
      }
      return;
    }
    if (dropsInBurst.getAndIncrement() == 0) {
      LOG.warn(
          "rule \"{}\": queue full ({} events), dropping new events until it drains",
          rule.name(),
          capacity);
    }
    listener.outcome(rule, context.event(), new Outcome.Dropped(capacity));
  }

  private void work() {
    try {
      while (!closed || !queue.isEmpty()) {
        EventContext context = queue.poll(100, TimeUnit.MILLISECONDS);
        if (context != null) {
          listener.outcome(rule, context.event(), handle(context));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Outcome handle(EventContext context) {
    Rendering rendering = Rendering.of(rule.run(), context);
    if (rendering instanceof Rendering.Skipped) {
      return new Outcome.Skipped(((Rendering.Skipped) rendering).reason());
    }
    return executor.execute(rule, context.event(), ((Rendering.Rendered) rendering).argv());
  }

  /** Accepts no more work; what is queued still runs. */
  void close() {
    closed = true;
  }

  int queued() {
    return queue.size();
  }

  /** Waits until the queue is done or the deadline passes; true when done. */
  boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    return !worker.isAlive();
  }

  /** Abandons what is queued and interrupts the running command, which kills it. */
  void abort() {
    queue.clear();
    worker.interrupt();
  }

  void join() throws InterruptedException {
    worker.join();
  }

  String ruleName() {
    return rule.name();
  }
}

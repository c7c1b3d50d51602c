package io.github.dockereventsreactor.engine;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule's workers: a bounded queue and up to {@code concurrency} threads that run the rule's
 * command for each queued event, in the rule's order (one at a time per actor, by default), so a
 * slow rule never delays the reader or other rules. Threads start as the load needs them.
 */
final class Lane {

  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /**
   * An event waiting for this rule's command, its place in the checkpoint's progress, what it is
   * ordered by (null: nothing), and the heap it is accounted at while queued.
   */
  private record Work(EventContext context, Progress.Ticket ticket, String sequence, long bytes) {}

  private final Rule rule;
  private final Sequencer<Work> queue;
  private final ActionExecutor executor;
  private final ReactorListener listener;
  private final Progress progress;
  private final Semaphore running;
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final Gate<Work> gate;
  private final AtomicLong dropsInBurst = new AtomicLong();
  private final QueueBudget budget;
  private final AtomicLong queuedBytes = new AtomicLong();
  // How many events were queued when a burst began dropping: it ends when half of that drained.
  private volatile int depthAtFirstDrop;
  private final Object intake = new Object();
  private volatile boolean closed;
  private final Timers timers;
  private final Staffing staffing;
  // CALLER staffing only, so one thread: the batch gathering, and the timer that ends its linger.
  private final List<Work> gathering = new ArrayList<>();
  private Timers.Timer lingering;

  /** Where a lane's commands run. */
  enum Staffing {
    /** On the lane's own worker threads, taking from its queue: {@code run}. */
    WORKERS,
    /**
     * At once, on the thread that offers the event, or (batch:) when the batch is complete on the
     * timers' clock: {@code replay} on the events' own time. Nothing is queued.
     */
    CALLER
  }

  Lane(
      Rule rule,
      ActionExecutor executor,
      ReactorListener listener,
      Progress progress,
      Semaphore running,
      Timers timers,
      Staffing staffing,
      QueueBudget budget) {
    this.rule = rule;
    this.budget = budget;
    this.timers = timers;
    this.staffing = staffing;
    RuleOptions options = rule.options();
    this.gate =
        options.debounce().isPresent()
            ? Gate.debounce(options.debounce().get(), timers)
            : options.throttle().isPresent()
                ? Gate.throttle(
                    rule.name(),
                    options.throttle().get().max(),
                    options.throttle().get().per(),
                    timers)
                : Gate.open();
    this.queue = new Sequencer<>(rule.options().queue());
    this.executor = executor;
    this.listener = listener;
    this.progress = progress;
    this.running = running;
    if (staffing == Staffing.WORKERS) {
      addWorker();
    }
  }

  private void addWorker() {
    int concurrency = rule.options().concurrency();
    Thread worker =
        new Thread(
            this::work, "rule: " + rule.name() + (concurrency > 1 ? " #" + workers.size() : ""));
    workers.add(worker);
    worker.start();
  }

  Rule rule() {
    return rule;
  }

  /**
   * Hands the event to the rule's debounce or throttle, then its queue, without ever waiting; a
   * full queue drops by the rule's overflow policy. The key is rendered here, on the reading
   * thread, from the event's own fields (the loader allows nothing else): an event without the
   * key's value is skipped with the reason rather than counted under an empty key. So is the value
   * the event is ordered by (its actor, or the key).
   */
  void offer(EventContext context, Progress.Ticket ticket) {
    RuleOptions options = rule.options();
    Lookup key = gate.keyed() ? options.key().render(context) : Lookup.found("");
    Optional<Lookup> sequence = options.order().sequence(context, options.key());
    Work work =
        new Work(
            context,
            ticket,
            sequence.map(Lane::found).orElse(null),
            QueueBudget.sizeOf(context.event()));
    Optional<String> missing = key.missing().or(() -> sequence.flatMap(Lookup::missing));
    if (missing.isPresent()) {
      finish(work, new Outcome.Skipped("key " + missing.get()));
      return;
    }
    boolean removed;
    synchronized (intake) {
      // A reload may retire the lane between the reader's look at the rules and this offer: once
      // retired, nothing may enter the gate, whose release has already run.
      removed = closed;
      if (!removed) {
        pass(found(key), work);
      }
    }
    if (removed) {
      finish(work, new Outcome.RuleRemoved());
    }
  }

  /** The value found, or null for a missing one (which never gets as far as the queue). */
  private static String found(Lookup lookup) {
    return lookup.orElse(null);
  }

  private void pass(String key, Work work) {
    boolean debounced = rule.options().debounce().isPresent();
    try {
      gate.offer(
          key,
          work,
          this::enqueue,
          held -> finish(held, debounced ? new Outcome.Debounced() : new Outcome.Throttled()));
    } catch (RuntimeException e) {
      finish(work, new Outcome.Failed((debounced ? "debounce: " : "throttle: ") + reason(e)));
    }
  }

  /**
   * Queues the work, or drops an event by the overflow policy, or (once closed) reports the rule
   * removed. Under the lock that close() takes: once closed, nothing enters the queue, so a worker
   * that saw it closed and empty may end without leaving a ticket behind.
   */
  private void enqueue(Work work) {
    if (staffing == Staffing.CALLER) {
      runNow(work);
      return;
    }
    List<Work> dropped = new ArrayList<>(1);
    boolean removed;
    synchronized (intake) {
      removed = closed;
      if (!removed && admit(work)) {
        return;
      }
      if (!removed && rule.options().overflow() == RuleOptions.Overflow.DROP_OLDEST) {
        // As many of the oldest as it takes: by bytes, one large event may need several places.
        Work oldest = queue.pollOldest().orElse(null);
        while (oldest != null && !admit(work)) {
          release(oldest);
          dropped.add(oldest);
          oldest = queue.pollOldest().orElse(null);
        }
        if (oldest != null) {
          release(oldest);
          dropped.add(oldest);
        } else {
          dropped.add(work);
        }
      } else if (!removed) {
        dropped.add(work);
      }
    }
    if (removed) {
      finish(work, new Outcome.RuleRemoved());
      return;
    }
    for (Work lost : dropped) {
      drop(lost);
    }
  }

  /**
   * Runs the work on the caller's thread: at once, or (batch:) once the batch is full or its linger
   * has passed since its first event on the timers' clock, the batch a worker would gather from a
   * queue that receives the events at their times while no command holds it up.
   */
  private void runNow(Work work) {
    Optional<RuleOptions.Batch> batch = rule.options().batch();
    if (batch.isEmpty()) {
      handle(List.of(work));
      return;
    }
    gathering.add(work);
    boolean linger = !batch.get().linger().isZero();
    if (gathering.size() == 1 && linger) {
      lingering = timers.schedule(this::runGathered, batch.get().linger().toNanos());
    }
    if (gathering.size() >= batch.get().max() || !linger) {
      runGathered();
    }
  }

  private void runGathered() {
    if (lingering != null) {
      lingering.cancel();
      lingering = null;
    }
    List<Work> batch = List.copyOf(gathering);
    gathering.clear();
    if (!batch.isEmpty()) {
      handle(batch);
    }
  }

  /**
   * Queues the work if it fits the rule's bounds (events and bytes) and the budget of all rules;
   * false, taking nothing, otherwise.
   */
  private boolean admit(Work work) {
    if (queuedBytes.get() + work.bytes() > rule.options().queueBytes()
        || !budget.take(work.bytes())) {
      return false;
    }
    if (!queue.offer(work.sequence(), work)) {
      budget.give(work.bytes());
      return false;
    }
    queuedBytes.addAndGet(work.bytes());
    if (workers.size() < rule.options().concurrency() && queue.understaffed()) {
      addWorker();
    }
    return true;
  }

  /** The work left the queue: its bytes go back to the rule and to the budget. */
  private void release(Work work) {
    queuedBytes.addAndGet(-work.bytes());
    budget.give(work.bytes());
  }

  private void drop(Work work) {
    if (dropsInBurst.getAndIncrement() == 0) {
      depthAtFirstDrop = queue.size();
      String policy =
          rule.options().overflow() == RuleOptions.Overflow.DROP_OLDEST
              ? "dropping the oldest queued events"
              : "dropping new events";
      if (queue.size() >= rule.options().queue()) {
        LOG.warn(
            "rule \"{}\": queue full ({} events), {} until it drains",
            rule.name(),
            rule.options().queue(),
            policy);
      } else if (queuedBytes.get() + work.bytes() > rule.options().queueBytes()) {
        LOG.warn(
            "rule \"{}\": queue full ({} KiB in {} events), {} until it drains",
            rule.name(),
            rule.options().queueBytes() >> 10,
            queue.size(),
            policy);
      } else {
        LOG.warn(
            "rule \"{}\": the queues of all rules are full ({} KiB, {} % of the heap; this rule holds {}"
                + " events), {} until it drains",
            rule.name(),
            budget.limit() >> 10,
            Math.round(QueueBudget.HEAP_SHARE * 100),
            queue.size(),
            policy);
      }
    }
    finish(work, new Outcome.Dropped(rule.options().queue()));
  }

  /** A burst ends when the queue is back to half full: one summary line for the whole burst. */
  private void endBurstIfDrained() {
    if (dropsInBurst.get() > 0 && queue.size() <= depthAtFirstDrop / 2) {
      long dropped = dropsInBurst.getAndSet(0);
      if (dropped > 0) {
        LOG.warn(
            "rule \"{}\": queue has room again after dropping {} events", rule.name(), dropped);
      }
    }
  }

  /** Takes the queue's next event whose turn it is, until the lane is closed and drained. */
  private void work() {
    try {
      for (Optional<Sequencer.Entry<Work>> next = queue.take();
          next.isPresent();
          next = queue.take()) {
        release(next.get().item());
        endBurstIfDrained();
        List<Sequencer.Entry<Work>> entries =
            rule.options().batch().isPresent()
                ? gather(next.get(), rule.options().batch().get())
                : List.of(next.get());
        try {
          handle(entries.stream().map(Sequencer.Entry::item).toList());
        } finally {
          entries.forEach(queue::done);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A batch: the first event and what else waits in the queue, up to the batch's size, waiting up
   * to its linger for more. What arrived while the last command ran is already queued, so the
   * batches grow with the load by themselves, and an idle rule runs at once for one event. A
   * batched rule's events have no sequence: every queued event is ready.
   */
  private List<Sequencer.Entry<Work>> gather(Sequencer.Entry<Work> first, RuleOptions.Batch batch)
      throws InterruptedException {
    List<Sequencer.Entry<Work>> works = new ArrayList<>();
    works.add(first);
    long deadline = System.nanoTime() + batch.linger().toNanos();
    while (works.size() < batch.max()) {
      Optional<Sequencer.Entry<Work>> next =
          queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next.isEmpty()) {
        break;
      }
      works.add(next.get());
    }
    // The first left the queue before: the others leave it here.
    works.subList(1, works.size()).forEach(e -> release(e.item()));
    return works;
  }

  /**
   * Runs the rule's actions for the events (one, or a batch rendered together), in order; they are
   * done when all actions are. Whatever an action throws becomes its outcome, so the worker always
   * goes on to the next event.
   */
  private void handle(List<Work> works) {
    EventContext context =
        rule.options().batch().isEmpty()
            ? works.get(0).context()
            : EventContext.batch(works.stream().map(Work::context).toList());
    if (works.size() > 1 && anArgumentTooLong(context)) {
      // The kernel refuses the command whole: two half batches, each under its limit.
      handle(works.subList(0, works.size() / 2));
      handle(works.subList(works.size() / 2, works.size()));
      return;
    }
    DockerEvent event = context.event();
    if (rule.options().batch().isPresent()) {
      try {
        listener.batched(rule, context.batch());
      } catch (RuntimeException e) {
        LOG.error("rule \"{}\": reporting a batch failed", rule.name(), e);
      }
    }
    boolean completed = true;
    for (Action action : rule.actions()) {
      Outcome outcome = outcome(action, context);
      report(event, outcome);
      completed &= !outcome.interrupted();
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    // An action killed by the stop did not complete: the checkpoint stays before its events, so
    // the next start runs them again.
    if (completed) {
      works.forEach(w -> progress.done(w.ticket(), rule));
    }
  }

  private boolean anArgumentTooLong(EventContext batch) {
    for (Action action : rule.actions()) {
      try {
        Prepared prepared = action.prepare(batch);
        if (prepared.argumentTooLong()) {
          return true;
        }
      } catch (RuntimeException e) {
        return false; // the action's own run reports it
      }
    }
    return false;
  }

  /**
   * The action's outcome, whatever happens. Only a VirtualMachineError (out of memory, stack
   * overflow) goes through: the JVM is no longer sound, and the reactor exits on it.
   */
  private Outcome outcome(Action action, EventContext context) {
    try {
      return execute(action.prepare(context), context.event());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Interrupted(Duration.ZERO);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.debug("rule \"{}\": the action threw", rule.name(), e);
      return new Outcome.Failed(reason(e));
    }
  }

  private static String reason(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private Outcome execute(Prepared prepared, DockerEvent event) throws InterruptedException {
    if (prepared.skipped()) {
      // Nothing runs: no --max-running permit to wait for.
      return executor.execute(rule, event, prepared);
    }
    running.acquire();
    try {
      return executor.execute(rule, event, prepared);
    } finally {
      running.release();
    }
  }

  /** Tells the listeners; a listener that throws costs its own report, never the ticket. */
  private void report(DockerEvent event, Outcome outcome) {
    try {
      listener.outcome(rule, event, outcome);
    } catch (RuntimeException e) {
      LOG.error("rule \"{}\": reporting {} failed", rule.name(), outcome, e);
    }
  }

  private void finish(Work work, Outcome outcome) {
    report(work.context().event(), outcome);
    progress.done(work.ticket(), rule);
  }

  /** Accepts no more work; what is queued still runs. */
  void close() {
    synchronized (intake) {
      closed = true;
    }
    queue.close();
  }

  /**
   * For a rule a reload removed or changed: accepts no more work and lets what is queued run. The
   * events waiting in its debounce go to the rule's new version, when it has one that still matches
   * them; the others are reported as {@link Outcome.RuleRemoved}. Every ticket the lane was given
   * completes (or moves on with its event), so the checkpoint keeps moving.
   */
  void retire(Optional<Lane> successor) {
    close();
    AtomicLong dropped = new AtomicLong();
    gate.release(
        work -> {
          if (successor.isPresent() && successor.get().rule().matches(work.context().event())) {
            successor.get().offer(work.context(), work.ticket());
          } else {
            dropped.incrementAndGet();
            finish(work, new Outcome.RuleRemoved());
          }
        });
    if (dropped.get() > 0) {
      LOG.warn(
          "rule \"{}\" removed by a reload: dropped {} events waiting in its debounce",
          rule.name(),
          dropped.get());
    }
  }

  /** True once the workers have ended: nothing of this lane is in flight. */
  boolean finished() {
    return workers.stream().noneMatch(Thread::isAlive);
  }

  int queued() {
    return queue.size();
  }

  /** The heap the queued events are accounted at. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** False when a worker of this open lane has died: its events would wait for ever. */
  boolean working() {
    return closed || workers.stream().allMatch(Thread::isAlive);
  }

  /** Waits until the queue is done or the deadline passes; true when done. */
  boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    for (Thread worker : workers) {
      long left = deadlineNanos - System.nanoTime();
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (worker.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Abandons what is queued and interrupts the running commands, which kills them. */
  void abort() {
    queue.clear().forEach(this::release);
    workers.forEach(Thread::interrupt);
  }

  void join() throws InterruptedException {
    for (Thread worker : workers) {
      worker.join();
    }
  }
}

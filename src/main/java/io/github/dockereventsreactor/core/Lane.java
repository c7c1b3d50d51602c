package io.github.dockereventsreactor.core;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.rules.Action;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;
import io.github.dockereventsreactor.template.ContainerFacts;
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

  /** An event on its way to this rule's queue, and what it is ordered by (null: nothing). */
  private record Work(QueuedEvent event, String sequence) {}

  /** How long a spilling lane's idle worker waits before it looks at the journal again. */
  private static final long SPILL_POLL_MS = 100;

  private final Rule rule;
  private final Sequencer<QueuedEvent> queue;
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
  private final ContainerFacts facts;
  private final RuleOptions.Overflow overflow;
  // While spilling (under intake): every new event for this rule stays in the journal, and the
  // workers feed what is there back in order as the queue drains.
  private final SpillReader spill;
  private final Timers timers;
  private final Staffing staffing;
  // CALLER staffing only, so one thread: the batch gathering, and the timer that ends its linger.
  private final List<QueuedEvent> gathering = new ArrayList<>();
  private Timers.Timer lingering;
  // Set by a reload that retires the lane: the rule's new version, which takes what still reaches
  // this lane (see passOn).
  private volatile Optional<Lane> successor = Optional.empty();
  // Set by a reload that changed the rule, before this lane gets any event: the retired version,
  // whose queued and running actions go first, so a container's events keep their order across
  // the change (see follow).
  private volatile Lane predecessor;

  Lane(Rule rule, LaneParts parts) {
    this.rule = rule;
    this.budget = parts.budget();
    this.timers = parts.timers();
    this.staffing = parts.staffing();
    this.facts = parts.facts();
    this.spill = new SpillReader(rule.name(), parts.journal(), intake, new SpillQueue());
    this.overflow = overflow(rule, parts.journal().isPresent());
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
    this.executor = parts.executor();
    this.listener = parts.listener();
    this.progress = parts.progress();
    this.running = parts.running();
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
  void offer(QueuedEvent event) {
    synchronized (intake) {
      long seq = event.ticket().seq();
      spill.offered(seq);
      if (spill.active() && !closed && seq != Progress.UNJOURNALED) {
        // Behind what the journal keeps for this rule: there it waits its turn too.
        spill.keepBehind(seq);
        return;
      }
    }
    Optional<EventContext> parsed = event.context(facts);
    if (parsed.isEmpty()) {
      finishUnreadable(event);
      return;
    }
    EventContext context = parsed.get();
    RuleOptions options = rule.options();
    Lookup key = gate.keyed() ? options.key().render(context) : Lookup.found("");
    Optional<Lookup> sequence = options.order().sequence(context, options.key());
    Work work = new Work(event, sequence.map(Lane::found).orElse(null));
    Optional<String> missing = key.missing().or(() -> sequence.flatMap(Lookup::missing));
    if (missing.isPresent()) {
      finish(work.event(), new Outcome.Skipped("key " + missing.get()));
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
      passOn(work.event());
    }
  }

  /**
   * An event that reached this lane after a reload retired it: the reader matched it against the
   * rules a moment before the swap. It goes to the rule's new version when that still matches it,
   * as the events held in the debounce do; otherwise the rule is gone for it, and the log says so.
   */
  private void passOn(QueuedEvent event) {
    Optional<Lane> next = successor;
    Optional<EventContext> parsed = event.context(facts);
    if (next.isPresent() && parsed.isPresent() && next.get().rule().matches(parsed.get().event())) {
      next.get().offer(event);
      return;
    }
    LOG.warn(
        "rule \"{}\" removed by a reload: dropped {}, which reached it as the rules changed",
        rule.name(),
        parsed.map(p -> p.event().describe()).orElse("an event"));
    finish(event, new Outcome.RuleRemoved());
  }

  /**
   * What a full queue gives up: as the rule says; by default, and for {@code spill}, the journal
   * keeps what does not fit when there is one (a rule with a debounce or throttle drops the newest,
   * as they pass events on their own clock, not in the order read).
   */
  private static RuleOptions.Overflow overflow(Rule rule, boolean journaled) {
    RuleOptions options = rule.options();
    RuleOptions.Overflow said = options.overflow();
    boolean spills = journaled && options.debounce().isEmpty() && options.throttle().isEmpty();
    if (said == RuleOptions.Overflow.DEFAULT) {
      return spills ? RuleOptions.Overflow.SPILL : RuleOptions.Overflow.DROP_NEWEST;
    }
    if (said == RuleOptions.Overflow.SPILL && !spills) {
      LOG.warn(
          "rule \"{}\": overflow: spill needs the journal (a state file) and no throttle: a full"
              + " queue drops the newest events",
          rule.name());
      return RuleOptions.Overflow.DROP_NEWEST;
    }
    return said;
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
          held ->
              finish(held.event(), debounced ? new Outcome.Debounced() : new Outcome.Throttled()));
    } catch (RuntimeException e) {
      finish(
          work.event(), new Outcome.Failed((debounced ? "debounce: " : "throttle: ") + reason(e)));
    }
  }

  /**
   * Queues the work, or drops an event by the overflow policy, or (once closed) reports the rule
   * removed. Under the lock that close() takes: once closed, nothing enters the queue, so a worker
   * that saw it closed and empty may end without leaving a ticket behind.
   */
  private void enqueue(Work work) {
    if (staffing == Staffing.CALLER) {
      runNow(work.event());
      return;
    }
    List<QueuedEvent> dropped = new ArrayList<>(1);
    boolean removed;
    synchronized (intake) {
      removed = closed;
      if (!removed && admit(work)) {
        return;
      }
      long seq = work.event().ticket().seq();
      if (!removed && overflow == RuleOptions.Overflow.SPILL && seq != Progress.UNJOURNALED) {
        spill(seq);
        return;
      }
      if (!removed && overflow == RuleOptions.Overflow.DROP_OLDEST) {
        // As many of the oldest as it takes: by bytes, one large event may need several places.
        QueuedEvent oldest = queue.pollOldest().orElse(null);
        while (oldest != null && !admit(work)) {
          release(oldest);
          dropped.add(oldest);
          oldest = queue.pollOldest().orElse(null);
        }
        if (oldest != null) {
          release(oldest);
          dropped.add(oldest);
        } else {
          dropped.add(work.event());
        }
      } else if (!removed) {
        dropped.add(work.event());
      }
    }
    if (removed) {
      passOn(work.event());
      return;
    }
    for (QueuedEvent lost : dropped) {
      drop(lost);
    }
  }

  /**
   * Runs the event on the caller's thread: at once, or (batch:) once the batch is full or its
   * linger has passed since its first event on the timers' clock, the batch a worker would gather
   * from a queue that receives the events at their times while no command holds it up.
   */
  private void runNow(QueuedEvent event) {
    Optional<RuleOptions.Batch> batch = rule.options().batch();
    if (batch.isEmpty()) {
      handle(List.of(event));
      return;
    }
    gathering.add(event);
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
    List<QueuedEvent> batch = List.copyOf(gathering);
    gathering.clear();
    if (!batch.isEmpty()) {
      handle(batch);
    }
  }

  /**
   * The queue is full: from this event on, the rule's events stay in the journal until the workers
   * have fed them back; a worker waiting on an empty queue (the budget of all rules ran out) is
   * woken to do so. Under the intake lock.
   */
  private void spill(long seq) {
    if (spill.keep(seq, queue.size())) {
      LOG.warn(
          "rule \"{}\": queue full ({} events, {} KiB), keeping new events in the journal until it"
              + " catches up",
          rule.name(),
          queue.size(),
          queuedBytes.get() >> 10);
      queue.nudge();
    }
  }

  /**
   * Queues the work if it fits the rule's bounds (events and bytes) and the budget of all rules;
   * false, taking nothing, otherwise.
   */
  private boolean admit(Work work) {
    long bytes = QueueBudget.sizeOf(work.event());
    if (queuedBytes.get() + bytes > rule.options().queueBytes() || !budget.take(bytes)) {
      return false;
    }
    if (!queue.offer(work.sequence(), work.event())) {
      budget.give(bytes);
      return false;
    }
    queuedBytes.addAndGet(bytes);
    if (queue.size() > 1) {
      // It waits behind another: held as its JSON until its turn (one copy for all rules).
      work.event().waits(progress);
    }
    if (workers.size() < rule.options().concurrency() && queue.understaffed()) {
      addWorker();
    }
    return true;
  }

  /** The event left the queue: its bytes go back to the rule and to the budget. */
  private void release(QueuedEvent event) {
    long bytes = QueueBudget.sizeOf(event);
    queuedBytes.addAndGet(-bytes);
    budget.give(bytes);
  }

  private void drop(QueuedEvent event) {
    if (dropsInBurst.getAndIncrement() == 0) {
      depthAtFirstDrop = queue.size();
      String policy =
          overflow == RuleOptions.Overflow.DROP_OLDEST
              ? "dropping the oldest queued events"
              : "dropping new events";
      if (queue.size() >= rule.options().queue()) {
        LOG.warn(
            "rule \"{}\": queue full ({} events), {} until it drains",
            rule.name(),
            rule.options().queue(),
            policy);
      } else if (queuedBytes.get() + QueueBudget.sizeOf(event) > rule.options().queueBytes()) {
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
    finish(event, new Outcome.Dropped(rule.options().queue()));
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

  /**
   * Takes the queue's next event whose turn it is, until the lane is closed and drained; while the
   * rule spills, feeds the journal's events back first, as the queue has room.
   */
  private void work() {
    try {
      while (true) {
        spill.refill();
        Optional<Sequencer.Entry<QueuedEvent>> next =
            spillingNow() ? queue.poll(SPILL_POLL_MS, TimeUnit.MILLISECONDS) : queue.take();
        if (next.isEmpty()) {
          if (queue.drained()) {
            return;
          }
          continue;
        }
        awaitPredecessor();
        release(next.get().item());
        endBurstIfDrained();
        if (rule.options().batch().isEmpty()) {
          // No stream, no list of entries: the path of every event a rule runs on its own.
          try {
            handle(List.of(next.get().item()));
          } finally {
            queue.done(next.get());
          }
          continue;
        }
        List<Sequencer.Entry<QueuedEvent>> entries =
            gather(next.get(), rule.options().batch().get());
        List<QueuedEvent> events = new ArrayList<>(entries.size());
        entries.forEach(entry -> events.add(entry.item()));
        try {
          handle(events);
        } finally {
          entries.forEach(queue::done);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * This lane is the new version of a rule the reload retires: its workers act only once the
   * retired lane has run what it holds. Called before the new lane can be offered any event. The
   * order key may change with the rule, so the wait is for the whole retired lane, not per key; it
   * lasts as long as the old version's queue, whose actions are bounded by their timeouts.
   */
  void follow(Lane retired) {
    predecessor = retired;
  }

  private void awaitPredecessor() throws InterruptedException {
    Lane before = predecessor;
    if (before != null) {
      before.join();
      predecessor = null;
    }
  }

  private boolean spillingNow() {
    synchronized (intake) {
      return spill.active() && !closed;
    }
  }

  /** The queue as the spill reader sees it: the events it reads back go in here. */
  private final class SpillQueue implements SpillReader.Queue {

    @Override
    public int size() {
      return queue.size();
    }

    @Override
    public boolean closed() {
      return closed;
    }

    @Override
    public void nudge() {
      queue.nudge();
    }

    /** Queues one event fed back from the journal; false, when it does not fit, to retry later. */
    @Override
    public boolean requeue(EventJournal.Pending pending) {
      QueuedEvent event =
          new QueuedEvent(
              new EventContext(pending.event(), facts), progress.recovered(1, pending.seq()));
      event.offered(progress);
      RuleOptions options = rule.options();
      Optional<Lookup> sequence =
          options.order().sequence(event.context(facts).get(), options.key());
      Optional<String> missing = sequence.flatMap(Lookup::missing);
      if (missing.isPresent()) {
        finish(event, new Outcome.Skipped("key " + missing.get()));
        return true;
      }
      synchronized (intake) {
        if (closed) {
          // Stays in the journal for the next start.
          return false;
        }
        return admit(new Work(event, sequence.map(Lane::found).orElse(null)));
      }
    }
  }

  /**
   * A batch: the first event and what else waits in the queue, up to the batch's size, waiting up
   * to its linger for more. What arrived while the last command ran is already queued, so the
   * batches grow with the load by themselves, and an idle rule runs at once for one event. A
   * batched rule's events have no sequence: every queued event is ready.
   */
  private List<Sequencer.Entry<QueuedEvent>> gather(
      Sequencer.Entry<QueuedEvent> first, RuleOptions.Batch batch) throws InterruptedException {
    List<Sequencer.Entry<QueuedEvent>> works = new ArrayList<>();
    works.add(first);
    // On the lane's clock; the poll still waits in real time, for what is left of the linger.
    long deadline = timers.nanoTime() + batch.linger().toNanos();
    while (works.size() < batch.max()) {
      Optional<Sequencer.Entry<QueuedEvent>> next =
          queue.poll(deadline - timers.nanoTime(), TimeUnit.NANOSECONDS);
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
  private void handle(List<QueuedEvent> queued) {
    List<QueuedEvent> works = new ArrayList<>(queued.size());
    List<EventContext> contexts = new ArrayList<>(queued.size());
    for (QueuedEvent event : queued) {
      Optional<EventContext> parsed = event.context(facts);
      if (parsed.isPresent()) {
        works.add(event);
        contexts.add(parsed.get());
      } else {
        finishUnreadable(event);
      }
    }
    if (works.isEmpty()) {
      return;
    }
    EventContext context =
        rule.options().batch().isEmpty() ? contexts.get(0) : EventContext.batch(contexts);
    if (works.size() > 1 && anArgumentTooLong(context)) {
      // The kernel refuses the command whole: two half batches, each under its limit.
      handle(works.subList(0, works.size() / 2));
      handle(works.subList(works.size() / 2, works.size()));
      return;
    }
    DockerEvent event = context.event();
    listener.stage(Stage.WOKE, event);
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
      Prepared prepared = action.prepare(context);
      listener.stage(Stage.RENDERED, context.event());
      return execute(prepared, context.event());
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
    return ErrorWords.bug(e);
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

  private void finish(QueuedEvent event, Outcome outcome) {
    Optional<EventContext> parsed = event.context(facts);
    if (parsed.isEmpty()) {
      finishUnreadable(event);
      return;
    }
    report(parsed.get().event(), outcome);
    progress.done(event.ticket(), rule);
  }

  /** An event whose JSON no longer parses (only one built elsewhere than the parser could). */
  private void finishUnreadable(QueuedEvent event) {
    LOG.error(
        "rule \"{}\": a queued event no longer parses, not acted on: {}",
        rule.name(),
        event.json());
    progress.done(event.ticket(), rule);
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
    this.successor = successor;
    close();
    if (staffing == Staffing.CALLER) {
      // The batch still gathering runs now, before anything the rule's new version takes.
      runGathered();
    }
    handOverSpill(successor);
    AtomicLong dropped = new AtomicLong();
    gate.release(
        work -> {
          Optional<EventContext> parsed = work.event().context(facts);
          if (successor.isPresent()
              && parsed.isPresent()
              && successor.get().rule().matches(parsed.get().event())) {
            successor.get().offer(work.event());
            work.event().offered(progress);
          } else {
            dropped.incrementAndGet();
            finish(work.event(), new Outcome.RuleRemoved());
          }
        });
    if (dropped.get() > 0) {
      LOG.warn(
          "rule \"{}\" removed by a reload: dropped {} events waiting in its debounce",
          rule.name(),
          dropped.get());
    }
  }

  /**
   * What this lane left in the journal goes to the rule's new version, which feeds it back before
   * its own new events; a rule removed is done with it.
   */
  private void handOverSpill(Optional<Lane> successor) {
    SpillRanges.Spill left = spill.handOver();
    if (left.ranges().isEmpty()) {
      return;
    }
    if (successor.isPresent()) {
      successor.get().spill.takeOver(left);
      return;
    }
    spill.end(
        left,
        pending ->
            finish(
                new QueuedEvent(
                    new EventContext(pending.event(), facts), progress.recovered(1, pending.seq())),
                new Outcome.RuleRemoved()));
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

  /** The events this rule left in the journal while its queue was full. */
  long spilledEvents() {
    synchronized (intake) {
      return spill.events();
    }
  }

  /** False when a worker of this open lane has died: its events would wait for ever. */
  boolean working() {
    return closed || workers.stream().allMatch(Thread::isAlive);
  }

  /**
   * Waits until the queue is done or the deadline, on the lane's clock ({@link Timers#nanoTime}),
   * passes; true when done.
   */
  boolean awaitDrained(long deadlineNanos) throws InterruptedException {
    for (Thread worker : workers) {
      long left = deadlineNanos - timers.nanoTime();
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

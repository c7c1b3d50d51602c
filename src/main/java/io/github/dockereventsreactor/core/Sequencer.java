package io.github.dockereventsreactor.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rule's bounded queue that hands its items out in order per key and at most one item of a key at
 * a time: the next item of a key waits until the one before it is {@link #done}. Items of different
 * keys go out in parallel, and an item without a key (null) waits for nothing but a free worker.
 * Workers block in {@link #take} until there is something for them, never polling; an item wakes
 * the worker that went idle last, so a trickle of items keeps one thread (its caches, its kept
 * native buffers) busy rather than waking every worker in turn, each gone cold.
 *
 * <p>An item is either ready (the first of its key, its key free) or in its key's backlog; a key is
 * busy from the moment its item is ready until that item is done.
 */
final class Sequencer<T> {

  /**
   * One queued item and its key; identity, not value, tells two apart. Linked to its neighbours in
   * arrival order while it waits: a list of its own costs a queued event less than a linked set's
   * node and table slot.
   */
  static final class Entry<T> {
    private final String key;
    private final T item;
    private Entry<T> older;
    private Entry<T> newer;

    private Entry(String key, T item) {
      this.key = key;
      this.item = item;
    }

    T item() {
      return item;
    }
  }

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  // One condition per waiting worker, the last to wait on top: the one an item wakes. A worker's
  // condition goes back to the spares when it stops waiting.
  private final ArrayDeque<Condition> sleepers = new ArrayDeque<>();
  private final ArrayDeque<Condition> spares = new ArrayDeque<>();

  // Every waiting item, ready or not, in arrival order: from the oldest to the newest.
  private Entry<T> oldest;
  private Entry<T> newest;
  private int waiting;

  private final ArrayDeque<Entry<T>> ready = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Entry<T>>> backlog = new HashMap<>();
  private final KeySet busy = new KeySet();
  private boolean closed;
  private boolean nudged;
  private int idle;

  Sequencer(int capacity) {
    this.capacity = capacity;
  }

  /** Queues the item under its key (null: no order), or returns false when the queue is full. */
  boolean offer(String key, T item) {
    lock.lock();
    try {
      if (waiting >= capacity) {
        return false;
      }
      Entry<T> entry = new Entry<>(key, item);
      link(entry);
      if (key == null || busy.add(key)) {
        ready.addLast(entry);
        wakeOne();
      } else {
        backlog.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(entry);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next ready item, waiting for one; empty once closed and nothing is left, or when {@link
   * #nudge nudged}. The caller runs it and then calls {@link #done} with it, which lets the next
   * item of its key go.
   */
  Optional<Entry<T>> take() throws InterruptedException {
    lock.lock();
    try {
      while (ready.isEmpty()) {
        if ((closed && waiting == 0) || nudged) {
          nudged = false;
          return Optional.empty();
        }
        idle++;
        try {
          sleep(-1);
        } finally {
          idle--;
        }
      }
      return Optional.of(handOut());
    } finally {
      lock.unlock();
    }
  }

  /** The next ready item if one comes within the timeout (for a batch's linger). */
  Optional<Entry<T>> poll(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lock();
    try {
      while (ready.isEmpty()) {
        if (left <= 0 || (closed && waiting == 0)) {
          return Optional.empty();
        }
        left = sleep(left);
      }
      return Optional.of(handOut());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, on top of the sleepers (the next item wakes this worker first), until woken or for at
   * most {@code nanos} (negative: no limit); what is left of them, as {@link Condition#awaitNanos}.
   * Its callers wait in a loop, looking again at the queue after each wake-up.
   */
  @SuppressWarnings("WaitNotInLoop")
  private long sleep(long nanos) throws InterruptedException {
    Condition mine = spares.isEmpty() ? lock.newCondition() : spares.removeLast();
    sleepers.addLast(mine);
    try {
      if (nanos < 0) {
        mine.await();
        return nanos;
      }
      return mine.awaitNanos(nanos);
    } catch (InterruptedException e) {
      // Interrupted before a wake-up reached it, that wake-up is lost to this condition: another
      // worker takes what is ready.
      sleepers.removeLastOccurrence(mine);
      if (!ready.isEmpty()) {
        wakeOne();
      }
      throw e;
    } finally {
      sleepers.removeLastOccurrence(mine);
      spares.addLast(mine);
    }
  }

  /** Wakes the worker that went idle last, if one waits. */
  private void wakeOne() {
    Condition last = sleepers.pollLast();
    if (last != null) {
      last.signal();
    }
  }

  /** Wakes every waiting worker (each looks again at what it waits for). */
  private void wakeAll() {
    for (Condition sleeper; (sleeper = sleepers.pollLast()) != null; ) {
      sleeper.signal();
    }
  }

  private Entry<T> handOut() {
    Entry<T> entry = ready.removeFirst();
    unlink(entry);
    return entry;
  }

  private void link(Entry<T> entry) {
    entry.older = newest;
    if (newest == null) {
      oldest = entry;
    } else {
      newest.newer = entry;
    }
    newest = entry;
    waiting++;
  }

  private void unlink(Entry<T> entry) {
    if (entry.older == null) {
      oldest = entry.newer;
    } else {
      entry.older.newer = entry.newer;
    }
    if (entry.newer == null) {
      newest = entry.older;
    } else {
      entry.newer.older = entry.older;
    }
    entry.older = null;
    entry.newer = null;
    waiting--;
  }

  /** The item handed out is done: the next item of its key becomes ready. */
  void done(Entry<T> entry) {
    if (entry.key == null) {
      return;
    }
    lock.lock();
    try {
      release(entry.key);
    } finally {
      lock.unlock();
    }
  }

  private void release(String key) {
    ArrayDeque<Entry<T>> next = backlog.get(key);
    if (next == null) {
      busy.remove(key);
      if (closed && waiting == 0) {
        wakeAll();
      }
      return;
    }
    ready.addLast(next.removeFirst());
    if (next.isEmpty()) {
      backlog.remove(key);
    }
    wakeOne();
  }

  /**
   * Removes the oldest waiting item (ready or not), for a queue that drops its oldest when full.
   */
  Optional<T> pollOldest() {
    lock.lock();
    try {
      if (waiting == 0) {
        return Optional.empty();
      }
      Entry<T> oldest = this.oldest;
      unlink(oldest);
      if (ready.remove(oldest)) {
        // It held its key: the key's next item takes its place.
        if (oldest.key != null) {
          release(oldest.key);
        }
      } else {
        // Not ready, so the first of its key's backlog: older ones of the key are out already.
        ArrayDeque<Entry<T>> rest = backlog.get(oldest.key);
        rest.removeFirst();
        if (rest.isEmpty()) {
          backlog.remove(oldest.key);
        }
      }
      return Optional.of(oldest.item);
    } finally {
      lock.unlock();
    }
  }

  /**
   * True when more items are ready than workers wait for them: the lane may start another worker,
   * so that a rule's threads grow with its load instead of all starting with it.
   */
  boolean understaffed() {
    lock.lock();
    try {
      return ready.size() > idle;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes a worker waiting in {@link #take} return empty-handed: the lane has work for it that is
   * not in the queue (events to read back from the journal).
   */
  void nudge() {
    lock.lock();
    try {
      nudged = true;
      wakeAll();
    } finally {
      lock.unlock();
    }
  }

  /** True once closed and nothing is left: the workers may end. */
  boolean drained() {
    lock.lock();
    try {
      return closed && waiting == 0;
    } finally {
      lock.unlock();
    }
  }

  /** Accepts no more; the workers leave {@link #take} once what is queued is out and done. */
  void close() {
    lock.lock();
    try {
      closed = true;
      wakeAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives up every waiting item, returned in arrival order; the keys of the items handed out stay
   * busy until done.
   */
  List<T> clear() {
    lock.lock();
    try {
      List<T> cleared = new ArrayList<>(waiting);
      for (Entry<T> e = oldest; e != null; e = e.newer) {
        cleared.add(e.item);
      }
      ready.stream().filter(e -> e.key != null).forEach(e -> busy.remove(e.key));
      ready.clear();
      backlog.clear();
      oldest = null;
      newest = null;
      waiting = 0;
      wakeAll();
      return cleared;
    } finally {
      lock.unlock();
    }
  }
}

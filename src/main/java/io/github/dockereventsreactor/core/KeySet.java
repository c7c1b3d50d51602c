package io.github.dockereventsreactor.core;

/**
 * A set of strings in one array, open addressing with linear probing: four bytes a key at half
 * load, where a {@code HashSet} spends a node of 32 bytes and its table slot. A rule ordered per
 * actor holds one key per actor with queued events, so in a burst of distinct actors one per queued
 * event. Not thread-safe: the sequencer's lock guards it.
 */
final class KeySet {

  private static final int SMALLEST = 16;

  private String[] table = new String[SMALLEST];
  private int size;

  /** Adds the key; false when it was there already. */
  boolean add(String key) {
    int slot = slot(key);
    while (table[slot] != null) {
      if (table[slot].equals(key)) {
        return false;
      }
      slot = (slot + 1) & (table.length - 1);
    }
    table[slot] = key;
    if (++size > table.length / 2) {
      resize(table.length * 2);
    }
    return true;
  }

  boolean contains(String key) {
    for (int slot = slot(key); table[slot] != null; slot = (slot + 1) & (table.length - 1)) {
      if (table[slot].equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Removes the key if present. */
  void remove(String key) {
    int slot = slot(key);
    while (table[slot] != null && !table[slot].equals(key)) {
      slot = (slot + 1) & (table.length - 1);
    }
    if (table[slot] == null) {
      return;
    }
    table[slot] = null;
    size--;
    // Moves back the keys after the hole that probing would no longer reach.
    int mask = table.length - 1;
    for (int next = (slot + 1) & mask; table[next] != null; next = (next + 1) & mask) {
      int home = slot(table[next]);
      boolean reachable = slot <= next ? home > slot && home <= next : home > slot || home <= next;
      if (!reachable) {
        table[slot] = table[next];
        table[next] = null;
        slot = next;
      }
    }
    if (table.length > SMALLEST && size < table.length / 8) {
      // A burst's keys are gone: give their table back.
      resize(table.length / 2);
    }
  }

  int size() {
    return size;
  }

  private int slot(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & (table.length - 1);
  }

  private void resize(int capacity) {
    String[] old = table;
    table = new String[capacity];
    for (String key : old) {
      if (key != null) {
        int slot = slot(key);
        while (table[slot] != null) {
          slot = (slot + 1) & (capacity - 1);
        }
        table[slot] = key;
      }
    }
  }
}

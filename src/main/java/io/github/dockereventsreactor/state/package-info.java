/**
 * The adapter for what the reactor keeps on disk: the state file (the checkpoint, written
 * atomically) and the journal of pending events (append-only segments of checksummed records, group
 * commit, retention, the scan at start in {@code JournalScan}, the reads of spilled and pending
 * events). It implements the core's {@code EventJournal}; {@code daemon} opens the journal and
 * {@code cli} the state file; it imports no other adapter.
 */
package io.github.dockereventsreactor.state;

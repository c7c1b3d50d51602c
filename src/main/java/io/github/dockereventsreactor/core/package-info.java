/**
 * The reactor itself, pure: the matcher that routes each event to the rules that match it, one lane
 * per rule (its intake: gate, bounded queue, overflow and spill; its crew: worker threads, or the
 * caller's thread for replay; the handling of its events, in order per actor), the progress that
 * keeps the checkpoint behind every event not done, the resume after a break and the reconcile
 * after a gap, and the outcomes of actions. It reads the rules ({@code rules}), matches ({@code
 * match}) and renders ({@code template}) events ({@code event}), and reaches the world only through
 * its ports ({@code EventSource}, {@code ActionExecutor}, {@code EventJournal}, {@code
 * ReactorListener}, {@code ContainerLister}), which the adapters implement and {@code daemon}
 * joins.
 */
package io.github.dockereventsreactor.core;

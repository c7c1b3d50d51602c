package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleOptions;

/**
 * A {@code queue:} size larger than what all queued events may take together (a share of the
 * maximum heap): the rule's own bound is never reached, the shared budget drops first, and the file
 * promises a depth it cannot hold.
 */
final class QueueOverHeap implements Check {

  @Override
  public void inspect(Findings findings) {
    long heap = findings.host().maxHeapBytes();
    long budget = (long) (heap * RuleOptions.QUEUE_HEAP_SHARE);
    for (Rule rule : findings.rules().rules()) {
      long bytes = rule.options().queueBytes();
      if (bytes != Long.MAX_VALUE && bytes > budget) {
        findings.warn(
            rule,
            "queue: "
                + (bytes >> 10)
                + " KiB cannot fit: the events queued for all rules share "
                + (budget >> 10)
                + " KiB ("
                + Math.round(RuleOptions.QUEUE_HEAP_SHARE * 100)
                + " % of the "
                + (heap >> 20)
                + " MiB maximum heap), which drops first; lower"
                + " queue: or raise -Xmx",
            "queue");
      }
    }
  }
}

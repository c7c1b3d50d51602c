package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.Template;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads a rule's options ({@code timeout}, {@code concurrency}, {@code queue}, {@code overflow},
 * {@code debounce}, {@code throttle}, {@code key}, {@code order}, {@code batch}, …) into {@link
 * RuleOptions}, with the checks of how they combine.
 */
final class RuleOptionsReader {

  private final Nodes nodes;

  RuleOptionsReader(Nodes nodes) {
    this.nodes = nodes;
  }

  RuleOptions options(Map<String, Node> fields, Optional<RuleOptions.Batch> batch) {
    RuleOptions d = RuleOptions.DEFAULTS;
    Duration timeout =
        read(fields, "timeout", n -> nodes.duration(n, "timeout")).orElse(d.timeout());
    Optional<Integer> concurrency =
        read(fields, "concurrency", n -> nodes.count(n, "concurrency", 1, 1_000));
    // queue: a count of events, or a size (10MiB) beside the default count.
    String queueText =
        fields.containsKey("queue")
            ? nodes.scalar(fields.get("queue"), "a count or a size for queue")
            : null;
    boolean queueSize = queueText != null && !queueText.strip().matches("\\d+");
    int queue =
        queueText == null || queueSize
            ? d.queue()
            : nodes.count(given(fields, "queue"), "queue", 1, 10_000_000).orElse(d.queue());
    long queueBytes =
        queueSize && queueText != null
            ? queueBytes(given(fields, "queue"), queueText).orElse(d.queueBytes())
            : d.queueBytes();
    RuleOptions.Overflow overflow = read(fields, "overflow", this::overflow).orElse(d.overflow());
    boolean reconcile =
        read(fields, "reconcile", n -> nodes.flag(n, "reconcile")).orElse(d.reconcile());
    boolean stop = read(fields, "stop", n -> nodes.flag(n, "stop")).orElse(d.stop());
    Optional<Duration> debounce = read(fields, "debounce", n -> nodes.duration(n, "debounce"));
    Optional<RuleOptions.Throttle> throttle = read(fields, "throttle", this::throttle);
    Template key = read(fields, "key", n -> eventTemplate(n, "key")).orElse(d.key());
    Optional<RuleOptions.Order> order = read(fields, "order", this::order);
    if (debounce.isPresent() && throttle.isPresent()) {
      nodes.problem(
          given(fields, "throttle"), "throttle: a rule is either debounced or throttled, not both");
    }
    boolean orderedByKey = order.equals(Optional.of(RuleOptions.Order.KEY));
    if (fields.containsKey("key") && debounce.isEmpty() && throttle.isEmpty() && !orderedByKey) {
      nodes.problem(fields.get("key"), "key: only with debounce, throttle or order: key");
    }
    if (orderedByKey && !fields.containsKey("key")) {
      nodes.problem(given(fields, "order"), "order: key needs a key:, as key: '%%actor.name%%'");
    }
    if (overflow == RuleOptions.Overflow.SPILL && debounce.isPresent()) {
      nodes.problem(
          given(fields, "overflow"),
          "overflow: spill not with debounce, which keeps only the last event of each key");
    }
    if (fields.containsKey("batch") && (debounce.isPresent() || throttle.isPresent())) {
      nodes.problem(
          fields.get("batch"), "batch: not with debounce or throttle, which act on single events");
    }
    if (fields.containsKey("batch") && fields.containsKey("order")) {
      nodes.problem(
          fields.get("order"),
          "order: not with batch:, whose batches take the queue in turn (one at a time, in event order,"
              + " unless concurrency: runs several batches at once)");
    }
    if (order.equals(Optional.of(RuleOptions.Order.RULE))
        && concurrency.filter(c -> c > 1).isPresent()) {
      nodes.problem(
          given(fields, "concurrency"), "concurrency: order: rule runs one command at a time");
    }
    // A batch takes what waits in the queue whatever its actor: its batches run one at a time (in
    // event order) unless a concurrency runs several at once, as they always have.
    RuleOptions.Order effective =
        batch.isPresent()
            ? concurrency.filter(c -> c > 1).isPresent()
                ? RuleOptions.Order.NONE
                : RuleOptions.Order.RULE
            : order.orElse(d.order());
    int workers =
        effective == RuleOptions.Order.RULE
            ? 1
            : concurrency.orElse(batch.isPresent() ? 1 : d.concurrency());
    return new RuleOptions(
        timeout,
        workers,
        queue,
        overflow,
        reconcile,
        stop,
        debounce,
        throttle,
        key,
        batch,
        queueBytes,
        effective);
  }

  static <T> Optional<T> read(
      Map<String, Node> fields, String key, java.util.function.Function<Node, Optional<T>> reader) {
    return fields.containsKey(key) ? reader.apply(fields.get(key)) : Optional.empty();
  }

  /** The node of a key that the options read from it show the rule has. */
  static Node given(Map<String, Node> fields, String key) {
    return Objects.requireNonNull(fields.get(key), key);
  }

  // Below a kibibyte a queue could not hold one event.
  private Optional<Long> queueBytes(Node node, String text) {
    try {
      long bytes = ByteSize.parse(text);
      if (bytes >= 1024) {
        return Optional.of(bytes);
      }
      nodes.problem(node, "queue: at least 1KiB, found \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      nodes.problem(
          node,
          "queue: expected a count of events from 1 to 10000000 or a size such as 10MiB, found \""
              + text
              + "\"");
    }
    return Optional.empty();
  }

  private Optional<RuleOptions.Overflow> overflow(Node node) {
    return choice(
        node,
        "overflow",
        "drop-newest, drop-oldest or spill",
        RuleOptions.Overflow.CHOICES.toArray(new RuleOptions.Overflow[0]),
        RuleOptions.Overflow::text);
  }

  private Optional<RuleOptions.Order> order(Node node) {
    return choice(
        node,
        "order",
        "actor, key, rule or none",
        RuleOptions.Order.values(),
        RuleOptions.Order::text);
  }

  /** One of a fixed set of words, written as {@code text} gives them. */
  private <E> Optional<E> choice(
      Node node,
      String option,
      String words,
      E[] values,
      java.util.function.Function<E, String> text) {
    String found = nodes.scalar(node, words + " for " + option);
    if (found == null) {
      return Optional.empty();
    }
    for (E value : values) {
      if (text.apply(value).equals(found)) {
        return Optional.of(value);
      }
    }
    nodes.problem(node, option + ": expected " + words + ", found \"" + found + "\"");
    return Optional.empty();
  }

  /** {@code batch: 500} or {@code batch: {max: 500, linger: 200ms}}. */
  Optional<RuleOptions.Batch> batch(Node node) {
    if (!(node instanceof MappingNode)) {
      return nodes
          .count(node, "batch", 1, 100_000)
          .map(max -> new RuleOptions.Batch(max, Duration.ZERO));
    }
    Optional<Integer> max = Optional.empty();
    Duration linger = Duration.ZERO;
    for (NodeTuple field : nodes.mapping(node, "batch")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("max".equals(key)) {
        max = nodes.count(field.getValueNode(), "batch max", 1, 100_000);
      } else if ("linger".equals(key)) {
        linger = nodes.duration(field.getValueNode(), "batch linger").orElse(linger);
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "max, linger");
      }
    }
    if (max.isEmpty()) {
      nodes.problem(node, "batch: needs max, as {max: 500, linger: 200ms}");
      return Optional.empty();
    }
    return Optional.of(new RuleOptions.Batch(max.get(), linger));
  }

  private Optional<RuleOptions.Throttle> throttle(Node node) {
    Optional<Integer> max = Optional.empty();
    Optional<Duration> per = Optional.empty();
    for (NodeTuple field : nodes.mapping(node, "throttle")) {
      String key = nodes.scalar(field.getKeyNode(), "a key");
      if ("max".equals(key)) {
        max = nodes.count(field.getValueNode(), "throttle max", 1, 1_000_000);
      } else if ("per".equals(key)) {
        per = nodes.duration(field.getValueNode(), "throttle per");
      } else if (key != null) {
        nodes.unknownKey(field.getKeyNode(), key, "max, per");
      }
    }
    if (max.isEmpty() || per.isEmpty()) {
      nodes.problem(node, "throttle: needs max and per, as {max: 1, per: 1m}");
      return Optional.empty();
    }
    return Optional.of(new RuleOptions.Throttle(max.get(), per.get()));
  }

  /**
   * A template of event values only: it is rendered on the reading thread, which never waits for
   * the engine (an inspect can take seconds).
   */
  Optional<Template> eventTemplate(Node node, String what) {
    Optional<Template> template = nodes.template(node, "a string for " + what);
    if (template.isPresent() && !template.get().eventOnly()) {
      nodes.problem(
          node,
          what
              + ": event values only, not %%host%%, %%ip%% or %%container.…%% (rendered on the"
              + " reading thread, which never waits for the engine)");
      return Optional.empty();
    }
    return template;
  }
}

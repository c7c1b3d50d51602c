package io.github.dockereventsreactor.metrics;

import io.github.dockereventsreactor.event.DockerEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Classifies container exec events on a thread of its own: classifying may inspect the container,
 * which must never happen on the reading thread. Past a bounded backlog an exec counts as {@code
 * unknown} rather than wait.
 */
final class ExecClassifying {

  private final ExecClassifier classifier;
  private final BiConsumer<String, String> count;
  private final ThreadPoolExecutor worker =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "metrics: exec classifier");
            t.setDaemon(true);
            return t;
          });

  /** {@code count} takes the exec's verb and its class (true, false or unknown). */
  ExecClassifying(ExecClassifier classifier, BiConsumer<String, String> count) {
    this.classifier = classifier;
    this.count = count;
  }

  /** Classifies an exec event later; a destroyed container's execs are forgotten. */
  void received(DockerEvent event) {
    String verb = event.verb();
    try {
      if (verb.startsWith("exec_")) {
        worker.execute(() -> count.accept(verb, classifier.classify(event)));
      } else if (verb.equals("destroy")) {
        worker.execute(() -> classifier.forget(event.actor().id()));
      }
    } catch (RejectedExecutionException e) {
      count.accept(verb, "unknown");
    }
  }
}

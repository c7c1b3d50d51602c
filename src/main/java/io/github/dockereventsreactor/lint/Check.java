package io.github.dockereventsreactor.lint;

/**
 * One kind of warning: reads the rules and reports what it finds. Add one to {@link Lint#CHECKS}.
 */
public interface Check {

  void inspect(Findings findings);
}

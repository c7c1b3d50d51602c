package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.ErrorWords;
import io.github.dockereventsreactor.rules.InvalidRulesException;
import io.github.dockereventsreactor.rules.Problem;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules file on SIGHUP or a change seen by {@code --watch}: one reload at a time,
 * whatever the trigger, and all or nothing. Whatever goes wrong — an invalid file, an unreadable
 * one, a metric the registry refuses, a file nested deep enough to overflow the stack — keeps the
 * rules in force, is logged with its cause and counted as a failed reload. Only running out of
 * memory goes through: the JVM is then no longer sound and the reactor exits on it.
 */
public final class Reloader implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final Path file;
  private final Consumer<RuleSet> apply;
  private final Consumer<Boolean> counted;

  /**
   * @param apply puts loaded rules in force; it must change nothing when it throws
   * @param counted told of each reload's success (true) or failure (false)
   */
  public Reloader(Path file, Consumer<RuleSet> apply, Consumer<Boolean> counted) {
    this.file = file;
    this.apply = apply;
    this.counted = counted;
  }

  @Override
  public void run() {
    reload();
  }

  /**
   * A reload's outcome, as logged: whether the new rules are in force, and the line that says so or
   * why not (a refused file's first problem with its line), for whoever asked for the reload.
   */
  public record Result(boolean applied, String said) {}

  /** Loads and applies the file; its result says whether the new rules are in force. */
  public synchronized Result reload() {
    Result result;
    // Said before the file is read: a reload that never ends is then seen to have begun.
    LOG.info("reloading {}", file);
    try {
      RuleSet rules = RulesLoader.load(file);
      apply.accept(rules);
      result =
          new Result(
              true,
              "reloaded "
                  + file
                  + ": "
                  + rules.rules().size()
                  + " rules in force from the next event");
      LOG.info("{}", result.said());
    } catch (InvalidRulesException e) {
      for (Problem problem : e.problems()) {
        LOG.error("{}", problem);
      }
      result =
          failed(
              "reload of "
                  + file
                  + " failed with "
                  + e.problems().size()
                  + " error(s), the first: "
                  + e.problems().get(0)
                  + "; the previous rules stay in force");
    } catch (IOException e) {
      result =
          failed(
              "reload failed, cannot read "
                  + file
                  + ": "
                  + readFailure(e)
                  + "; the previous rules stay in force");
    } catch (StackOverflowError e) {
      // Thrown in the loader's own frames, which it unwinds: the JVM stays sound.
      result =
          failed(
              "reload of "
                  + file
                  + " failed: the file nests too deep to read (the stack overflowed); the"
                  + " previous rules stay in force");
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      LOG.debug("reload failure", e);
      result =
          failed(
              "reload of "
                  + file
                  + " failed: "
                  + ErrorWords.bug(e)
                  + "; the previous rules stay in force, please report it with this line");
    }
    counted.accept(result.applied());
    return result;
  }

  private static Result failed(String said) {
    LOG.error("{}", said);
    return new Result(false, said);
  }

  /** Why the file could not be read, in words: the JDK's message alone is often the path. */
  private static String readFailure(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return ErrorWords.message(e);
  }
}

package io.github.dockereventsreactor.template;

import java.util.Optional;

/** A container's inspect document, as the Docker API returned it, read by path. */
public interface ContainerDocument {

  /**
   * The value at a dotted path ({@code Config.Image}, {@code Config.Labels.com.example.role}: a key
   * may itself hold dots); objects and arrays as compact JSON; empty when absent or null. The empty
   * path is the whole document (no placeholder can name it: {@code explain --all} lists it).
   */
  Optional<String> field(String path);

  /** NetworkSettings.IPAddress, else the address on the first of its networks in name order. */
  Optional<String> ip();

  /** The address on the named network. */
  Optional<String> ip(String network);
}

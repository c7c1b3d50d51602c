package io.github.dockereventsreactor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code check} warning: placeholders that read inspect fields Docker has removed — the
 * container-wide network fields (gone from API 1.52, Docker 29, some already from 1.44) — with
 * what to read instead. Such a placeholder renders as missing on a current engine, so its rule is
 * skipped. Works on the file's text, so each warning carries its line and column.
 */
public final class RemovedInspectFields {

  private static final String PER_NETWORK = "NetworkSettings.Networks.NAME.";

  /** Each removed field and its replacement. */
  private static final Map<String, String> REPLACEMENTS =
      Map.ofEntries(
          Map.entry("NetworkSettings.IPAddress", "%%ip%% or %%container." + PER_NETWORK + "IPAddress%%"),
          Map.entry("NetworkSettings.IPPrefixLen", "%%container." + PER_NETWORK + "IPPrefixLen%%"),
          Map.entry("NetworkSettings.Gateway", "%%container." + PER_NETWORK + "Gateway%%"),
          Map.entry("NetworkSettings.MacAddress", "%%container." + PER_NETWORK + "MacAddress%%"),
          Map.entry("NetworkSettings.EndpointID", "%%container." + PER_NETWORK + "EndpointID%%"),
          Map.entry("NetworkSettings.GlobalIPv6Address", "%%container." + PER_NETWORK + "GlobalIPv6Address%%"),
          Map.entry("NetworkSettings.GlobalIPv6PrefixLen", "%%container." + PER_NETWORK + "GlobalIPv6PrefixLen%%"),
          Map.entry("NetworkSettings.IPv6Gateway", "%%container." + PER_NETWORK + "IPv6Gateway%%"),
          Map.entry("Config.MacAddress", "%%container." + PER_NETWORK + "MacAddress%%"),
          Map.entry("NetworkSettings.Bridge", "nothing: the engine no longer reports it"),
          Map.entry("NetworkSettings.HairpinMode", "nothing: the engine no longer reports it"),
          Map.entry("NetworkSettings.LinkLocalIPv6Address", "nothing: the engine no longer reports it"),
          Map.entry("NetworkSettings.LinkLocalIPv6PrefixLen", "nothing: the engine no longer reports it"),
          Map.entry("NetworkSettings.SecondaryIPAddresses", "nothing: the engine no longer reports it"),
          Map.entry("NetworkSettings.SecondaryIPv6Addresses", "nothing: the engine no longer reports it"));

  private static final Pattern CONTAINER_PLACEHOLDER = Pattern.compile("%%container\\.([^%]+)%%");

  private RemovedInspectFields() {}

  /** One line per such placeholder: {@code file:line:column: warning: …}; comments are skipped. */
  public static List<String> warnings(String file, String text) {
    List<String> warnings = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().startsWith("#")) {
        continue;
      }
      Matcher placeholder = CONTAINER_PLACEHOLDER.matcher(lines[i]);
      while (placeholder.find()) {
        String replacement = REPLACEMENTS.get(placeholder.group(1));
        if (replacement != null) {
          warnings.add(
              file + ":" + (i + 1) + ":" + (placeholder.start() + 1) + ": warning: " + placeholder.group()
                  + " reads a field Docker removed from inspect (gone in API 1.52, Docker 29): use "
                  + replacement);
        }
      }
    }
    return warnings;
  }
}

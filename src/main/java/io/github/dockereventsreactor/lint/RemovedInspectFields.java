package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.Map;

/**
 * Placeholders that read inspect fields Docker has removed — the container-wide network fields
 * (gone from API 1.52, Docker 29, some already from 1.44) — with what to read instead: on a current
 * engine such a placeholder is missing, so its rule is skipped.
 */
final class RemovedInspectFields implements Check {

  private static final String PER_NETWORK = "NetworkSettings.Networks.NAME.";
  private static final String GONE = "nothing: the engine no longer reports it";

  /** Each removed field and its replacement. */
  private static final Map<String, String> REPLACEMENTS =
      Map.ofEntries(
          Map.entry(
              "NetworkSettings.IPAddress", "%%ip%% or %%container." + PER_NETWORK + "IPAddress%%"),
          Map.entry("NetworkSettings.IPPrefixLen", "%%container." + PER_NETWORK + "IPPrefixLen%%"),
          Map.entry("NetworkSettings.Gateway", "%%container." + PER_NETWORK + "Gateway%%"),
          Map.entry("NetworkSettings.MacAddress", "%%container." + PER_NETWORK + "MacAddress%%"),
          Map.entry("NetworkSettings.EndpointID", "%%container." + PER_NETWORK + "EndpointID%%"),
          Map.entry(
              "NetworkSettings.GlobalIPv6Address",
              "%%container." + PER_NETWORK + "GlobalIPv6Address%%"),
          Map.entry(
              "NetworkSettings.GlobalIPv6PrefixLen",
              "%%container." + PER_NETWORK + "GlobalIPv6PrefixLen%%"),
          Map.entry("NetworkSettings.IPv6Gateway", "%%container." + PER_NETWORK + "IPv6Gateway%%"),
          Map.entry("Config.MacAddress", "%%container." + PER_NETWORK + "MacAddress%%"),
          Map.entry("NetworkSettings.Bridge", GONE),
          Map.entry("NetworkSettings.HairpinMode", GONE),
          Map.entry("NetworkSettings.LinkLocalIPv6Address", GONE),
          Map.entry("NetworkSettings.LinkLocalIPv6PrefixLen", GONE),
          Map.entry("NetworkSettings.SecondaryIPAddresses", GONE),
          Map.entry("NetworkSettings.SecondaryIPv6Addresses", GONE));

  @Override
  public void inspect(Findings findings) {
    RulesSource source = findings.source();
    for (Rule rule : findings.rules().rules()) {
      for (RulesSource.Text text : source.texts(RulesSource.inRule(rule.name()))) {
        for (Placeholders.Found placeholder : Placeholders.in(text.text())) {
          String field =
              placeholder.name().startsWith("container.") ? placeholder.name().substring(10) : "";
          String replacement = REPLACEMENTS.get(field);
          if (replacement != null) {
            findings.warnAt(
                rule,
                text.position().at(placeholder.offset()),
                "%%"
                    + placeholder.name()
                    + "%% reads a field Docker removed from inspect (gone in"
                    + " API 1.52, Docker 29): use "
                    + replacement);
          }
        }
      }
    }
  }
}

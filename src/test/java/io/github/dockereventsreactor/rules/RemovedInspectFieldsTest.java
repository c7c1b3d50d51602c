package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemovedInspectFieldsTest {

  @Test
  void namesEachRemovedFieldWhereItIsAndWhatToReadInstead() {
    String text =
        "events_reactor:\n"
            + "  Sentry:\n"
            + "    run: [relay, '%%container.NetworkSettings.IPAddress%%', '%%container.NetworkSettings.Gateway%%']\n"
            + "    # run: [old, '%%container.NetworkSettings.MacAddress%%']\n"
            + "  Fine:\n"
            + "    run: [x, '%%ip%%', '%%container.NetworkSettings.Networks.web.IPAddress%%', '%%container.Config.Image%%']\n";

    assertThat(RemovedInspectFields.warnings("r.yml", text))
        .containsExactly(
            "r.yml:3:19: warning: %%container.NetworkSettings.IPAddress%% reads a field Docker removed"
                + " from inspect (gone in API 1.52, Docker 29): use %%ip%% or"
                + " %%container.NetworkSettings.Networks.NAME.IPAddress%%",
            "r.yml:3:62: warning: %%container.NetworkSettings.Gateway%% reads a field Docker removed"
                + " from inspect (gone in API 1.52, Docker 29): use"
                + " %%container.NetworkSettings.Networks.NAME.Gateway%%");
  }
}

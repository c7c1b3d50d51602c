package io.github.dockereventsreactor.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.event.EventJson;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Whatever a container's name and labels hold, they never change the shape of what is run. */
class RenderingPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventContext context(String name, String label) throws Exception {
    ObjectNode event = JSON.createObjectNode();
    event.put("Type", "container").put("Action", "start").put("time", 1);
    ObjectNode attributes = event.putObject("Actor").put("ID", "c0ffee").putObject("Attributes");
    attributes.put("name", name).put("com.example.label", label);
    return new EventContext(EventJson.parse(event.toString()), ContainerFacts.none("no engine"));
  }

  private static List<Template> argv(String... sources) throws Exception {
    List<Template> argv = new ArrayList<>();
    for (String source : sources) {
      argv.add(Template.parse(source));
    }
    return argv;
  }

  @Property(tries = 500)
  void attributeValuesRenderIntoTheirOwnArgumentsWithoutAddingOrSplittingOne(
      @ForAll @StringLength(max = 200) String name, @ForAll @StringLength(max = 200) String label)
      throws Exception {
    List<Template> command =
        argv(
            "notify",
            "%%actor.name%%",
            "--text=container %%actor.name%% is %%actor.com.example.label%%",
            "%%actor.name%%%%actor.com.example.label%%",
            "%%actor.nothing|%%",
            "--");

    Rendering rendering = Rendering.of(command, context(name, label));

    assertThat(rendering)
        .isEqualTo(
            new Rendering.Rendered(
                List.of(
                    "notify",
                    name,
                    "--text=container " + name + " is " + label,
                    name + label,
                    "",
                    "--")));
  }

  @Property(tries = 500)
  void attributeValuesInAUrlStayInTheirPathSegmentOrQueryValue(
      @ForAll @StringLength(max = 200) String name, @ForAll @StringLength(max = 200) String label)
      throws Exception {
    Template url =
        Template.parseUrl(
            "https://hooks.example/docker/%%actor.name%%/x?l=%%actor.com.example.label%%&k=1#f");

    String rendered = ((Lookup.Found) url.render(context(name, label))).value();

    URI uri = URI.create(rendered);
    assertThat(uri.getHost()).isEqualTo("hooks.example");
    assertThat(uri.getRawPath().split("/", -1)).hasSize(4);
    assertThat(uri.getRawPath()).doesNotContain("/../", "/./").doesNotEndWith("/..");
    assertThat(uri.getRawQuery().split("&", -1)).hasSize(2).endsWith("k=1");
    assertThat(uri.getRawFragment()).isEqualTo("f");
  }
}

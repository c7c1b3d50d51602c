package io.github.dockereventsreactor.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockereventsreactor.event.EventJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlTemplateTest {

  private static String render(String url, String name) throws Exception {
    String event =
        "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"c0ffee\",\"Attributes\":{\"name\":"
            + new ObjectMapper().writeValueAsString(name)
            + "}},\"time\":1}";
    Lookup value =
        Template.parseUrl(url)
            .render(new EventContext(EventJson.parse(event), ContainerFacts.none("no engine")));
    return ((Lookup.Found) value).value();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://h/docker/%%actor.name%%          | p/../../admin?token=x#frag | http://h/docker/p%2F..%2F..%2Fadmin%3Ftoken%3Dx%23frag",
        "http://h/docker/%%actor.name%%          | ..                         | http://h/docker/%2E%2E",
        "http://h/docker/%%actor.name%%/logs     | a b%2F                     | http://h/docker/a%20b%252F/logs",
        "http://h/q?name=%%actor.name%%&x=1      | a&admin=1 #f               | http://h/q?name=a%26admin%3D1%20%23f&x=1",
        "http://h/#%%actor.name%%                | a#b?c                      | http://h/#a%23b%3Fc",
        "http://h/w/%%actor.name%%               | web.1_~-x                  | http://h/w/web.1_~-x",
        "http://h/w/%%actor.name%%               | café                       | http://h/w/caf%C3%A9",
      })
  void aValueIsPercentEncodedForThePartItLandsIn(String url, String name, String expected)
      throws Exception {
    assertThat(render(url, name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:18086%%actor.name%%",
        "http://%%actor.name%%/x",
        "%%actor.name%%://h/x",
        "http://h:%%actor.name%%/x",
        "http://user@%%actor.name%%",
      })
  void aPlaceholderInTheSchemeHostOrPortIsRefusedWithItsOffset(String url) {
    TemplateException e =
        catchThrowableOfType(TemplateException.class, () -> Template.parseUrl(url));

    assertThat(e).isNotNull();
    assertThat(e.offset()).isEqualTo(url.indexOf("%%"));
    assertThat(e.getMessage())
        .startsWith("a placeholder in a webhook url may not be in the scheme");
  }
}

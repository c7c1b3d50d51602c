package io.github.dockereventsreactor.ruletest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML, read back by the JDK's parser as a CI system would read it. */
class JUnitReportTest {

  @TempDir Path dir;

  @Test
  void suitesCasesFailuresAndBrokenFilesReadBack() throws Exception {
    FileResult results =
        new FileResult(
            Path.of("a.test.yml"),
            List.of(
                new CaseResult("passes", 3, List.of(), 2_000_000),
                new CaseResult(
                    "fails <&\">",
                    9,
                    List.of(
                        "rule \"R\" (- expected, + actual):",
                        "  - run: [\"a\"]",
                        "  + run: [\"b\"]"),
                    1_000_000)),
            List.of());
    FileResult broken =
        new FileResult(
            Path.of("b.test.yml"), List.of(), List.of("b.test.yml:4:7: expected a list"));
    Path xml = dir.resolve("junit.xml");
    JUnitReport.write(List.of(results, broken), xml);

    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    NodeList suites = document.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(2);
    Element first = (Element) suites.item(0);
    assertThat(first.getAttribute("name")).isEqualTo("a.test.yml");
    assertThat(first.getAttribute("tests")).isEqualTo("2");
    assertThat(first.getAttribute("failures")).isEqualTo("1");
    assertThat(first.getAttribute("errors")).isEqualTo("0");
    NodeList cases = first.getElementsByTagName("testcase");
    assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("passes");
    assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();
    Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
    assertThat(((Element) cases.item(1)).getAttribute("name")).isEqualTo("fails <&\">");
    assertThat(failure.getAttribute("message")).isEqualTo("rule \"R\" (- expected, + actual):");
    assertThat(failure.getTextContent()).contains("  - run: [\"a\"]\n  + run: [\"b\"]");
    Element second = (Element) suites.item(1);
    assertThat(second.getAttribute("errors")).isEqualTo("1");
    assertThat(second.getElementsByTagName("error").item(0).getTextContent())
        .isEqualTo("b.test.yml:4:7: expected a list");
  }
}

package io.github.dockereventsreactor.ruletest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The results as JUnit XML, the format CI systems read: a test suite per test file, a test case per
 * case, a {@code <failure>} with the diff for a failed one, an {@code <error>} for a broken file.
 */
public final class JUnitReport {

  private JUnitReport() {}

  public static void write(List<FileResult> results, Path to) throws IOException {
    try (OutputStream out = Files.newOutputStream(to)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "docker-events-reactor test");
      for (FileResult file : results) {
        suite(xml, file);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + to + ": " + e.getMessage(), e);
    }
  }

  private static void suite(XMLStreamWriter xml, FileResult file) throws XMLStreamException {
    String name = file.file().toString();
    long failures = file.cases().stream().filter(c -> !c.passed()).count();
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", name);
    xml.writeAttribute("tests", Integer.toString(Math.max(1, file.cases().size())));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", file.broken().isEmpty() ? "0" : "1");
    xml.writeAttribute("time", seconds(file.cases().stream().mapToLong(CaseResult::nanos).sum()));
    if (!file.broken().isEmpty()) {
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", name);
      xml.writeAttribute("name", "read the test file");
      xml.writeStartElement("error");
      xml.writeAttribute("message", "broken test file: " + file.broken().get(0));
      xml.writeCharacters(String.join("\n", file.broken()));
      xml.writeEndElement();
      xml.writeEndElement();
    }
    for (CaseResult result : file.cases()) {
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", name);
      xml.writeAttribute("name", result.name());
      xml.writeAttribute("time", seconds(result.nanos()));
      if (!result.passed()) {
        xml.writeStartElement("failure");
        xml.writeAttribute("message", result.failure().get(0));
        xml.writeCharacters(String.join("\n", result.failure()));
        xml.writeEndElement();
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }
}

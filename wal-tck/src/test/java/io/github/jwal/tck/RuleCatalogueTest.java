package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rule catalogue is one list: every kit test names a rule of {@link Rule}, every rule has a
 * test, and docs/tck-rules.md is the list as {@link #render()} writes it.
 */
class RuleCatalogueTest {
  private static final Path DOC = Path.of("..", "docs", "tck-rules.md");

  private static List<Method> kitTests() {
    List<Method> tests = new ArrayList<>();
    for (Class<?> suite :
        List.of(
            StorageContractTests.class,
            WalContractTests.class,
            IndexedLogContractTests.class,
            CrashSimulationTests.class,
            EtcdCompatibilityTck.class)) {
      for (Method m : suite.getDeclaredMethods()) {
        if (m.getName().startsWith("required_") || m.getName().startsWith("optional_")) {
          tests.add(m);
        }
      }
    }
    return tests;
  }

  @Test
  void everyKitTestNamesARuleAndEveryRuleHasATest() {
    Set<Rule> tested = EnumSet.noneOf(Rule.class);
    for (Method test : kitTests()) {
      Rule rule =
          Rule.ofTest(test.getName())
              .orElseThrow(() -> new AssertionError(test + " names no rule"));
      tested.add(rule);
    }
    assertEquals(EnumSet.allOf(Rule.class), tested, "rules without a test");
  }

  /** The catalogue as docs/tck-rules.md holds it, between its markers. */
  static String render() {
    return EnumSet.allOf(Rule.class).stream()
        .map(rule -> "| " + rule.name() + " | " + rule.sentence() + " |")
        .collect(Collectors.joining("\n", "| rule | what holds |\n|---|---|\n", "\n"));
  }

  @Test
  void theDocumentedCatalogueIsTheRulesList() throws IOException {
    String doc = Files.readString(DOC);
    String begin =
        "<!-- rules: generated from io.github.jwal.tck.Rule; RuleCatalogueTest checks -->\n";
    String end = "<!-- end of rules -->";
    assertTrue(doc.contains(begin) && doc.contains(end), "markers missing in " + DOC);
    String table = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
    assertEquals(render(), table, DOC + " differs from Rule; replace its table with:\n" + render());
  }
}

package io.github.jwal.tck;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Puts the rule a failed kit test checks in front of its failure: {@code jwal-tck rule R5 (One
 * writer, ever: …) failed: …}, so the message says which part of the contract broke before it says
 * how. A skip (a capability not declared) passes through unchanged.
 */
final class RuleCitation implements TestExecutionExceptionHandler {
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (failure instanceof TestAbortedException) {
      throw failure;
    }
    Rule rule = context.getTestMethod().flatMap(m -> Rule.ofTest(m.getName())).orElse(null);
    if (rule == null) {
      throw failure;
    }
    throw new AssertionError(
        "jwal-tck rule " + rule.cite() + " failed: " + failure.getMessage(), failure);
  }
}

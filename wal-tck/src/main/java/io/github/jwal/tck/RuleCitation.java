package io.github.jwal.tck;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the rule a failed kit test checks in front of its failure: {@code jwal-tck rule R5 (One
 * writer, ever: …) failed: …}, so the message says which part of the contract broke before it says
 * how. A test that needs a capability runs as a dynamic test of its method, which names the rule.
 * Public only because {@link WalTck}'s {@code @ExtendWith} names it; the kit registers it.
 */
public final class RuleCitation implements TestExecutionExceptionHandler, InvocationInterceptor {
  /** For JUnit, which creates the extension. */
  public RuleCitation() {}

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw cite(context.getTestMethod(), failure);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext context)
      throws Throwable {
    try {
      invocation.proceed();
    } catch (Throwable failure) {
      throw cite(context.getParent().flatMap(ExtensionContext::getTestMethod), failure);
    }
  }

  private static Throwable cite(Optional<Method> test, Throwable failure) {
    Rule rule = test.flatMap(m -> Rule.ofTest(m.getName())).orElse(null);
    if (rule == null) {
      return failure;
    }
    return new AssertionError(
        "jwal-tck rule " + rule.cite() + " failed: " + failure.getMessage(), failure);
  }
}

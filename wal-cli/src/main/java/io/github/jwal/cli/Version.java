package io.github.jwal.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the runnable jar's manifest carries; a build from the class directories has none. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Jwal.class.getPackage().getImplementationVersion();
    return new String[] {
      "jwal " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}

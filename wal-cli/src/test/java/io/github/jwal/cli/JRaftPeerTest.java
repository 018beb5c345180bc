package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JRaftPeerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:8081",
        "host:8081:2",
        "host:8081:2:50",
        "host:8081::50",
        ":8081",
        "host:+1:-2",
        "[::1]:8081",
        "[fe80::1]:8081:1:5"
      })
  void whatJRaftsPeerIdParsesIsAPeer(String peer) {
    assertTrue(JRaftPeer.parses(peer));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "host",
        "host:",
        "host:port",
        "host:8081:",
        "host:8081:x",
        "host:8081:1:2:3",
        "host:99999999999",
        "[::1]",
        "[::1]:",
        "[::g]:8081",
        "[1.2.3.4]:8081"
      })
  void whatItRefusesIsNot(String peer) {
    assertFalse(JRaftPeer.parses(peer));
  }
}

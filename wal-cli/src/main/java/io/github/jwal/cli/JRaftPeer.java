package io.github.jwal.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a peer in a jraft entry parses as jraft 1.4.1's {@code PeerId.parse} parses it ({@code
 * Utils.parsePeerId}): {@code host:port}, {@code host:port:index} or {@code
 * host:port:index:priority} ({@code index} may be empty there), numbers as {@link Integer#parseInt}
 * takes them, and a host in brackets an IPv6 literal. A peer jraft could not parse makes its
 * decoder throw, so such bytes are no jraft entry.
 */
final class JRaftPeer {
  private JRaftPeer() {}

  static boolean parses(String peer) {
    String rest;
    int close = peer.indexOf(']');
    if (peer.startsWith("[") && close > 0) {
      if (!isIPv6Literal(peer.substring(0, close + 1))) {
        return false;
      }
      rest = peer.substring(close + 1);
      rest = rest.startsWith(":") ? rest.substring(1) : rest;
    } else {
      int colon = peer.indexOf(':');
      if (colon < 0) {
        return false;
      }
      rest = peer.substring(colon + 1); // the host before it may be anything, even empty
    }
    // As commons-lang's splitPreserveAllTokens: nothing left is no token, not one empty one.
    String[] numbers = rest.isEmpty() ? new String[0] : rest.split(":", -1);
    if (numbers.length < 1 || numbers.length > 3 || !isInt(numbers[0])) {
      return false;
    }
    if (numbers.length == 1) {
      return true;
    }
    if (numbers.length == 2) {
      return isInt(numbers[1]);
    }
    // jraft takes an empty index as 0 when a priority follows it.
    return (numbers[1].isEmpty() || isInt(numbers[1])) && isInt(numbers[2]);
  }

  private static boolean isInt(String s) {
    try {
      Integer.parseInt(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * jraft asks {@link InetAddress#getByName} whether a bracketed host is an IPv6 address. Given
   * only hex digits, colons and dots in brackets, it parses a literal and never looks a name up.
   */
  private static boolean isIPv6Literal(String bracketed) {
    String inside = bracketed.substring(1, bracketed.length() - 1);
    if (inside.isEmpty()
        || !inside.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      return false;
    }
    try {
      return InetAddress.getByName(bracketed) instanceof Inet6Address;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

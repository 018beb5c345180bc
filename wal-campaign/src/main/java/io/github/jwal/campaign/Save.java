package io.github.jwal.campaign;

import io.github.jwal.HardState;

/**
 * One save of entries {@code first..last}, all of term {@code term}, with a hard state, as the
 * writer announces it before calling {@code Wal.save} ({@code try}) and after it returned ({@code
 * ack}).
 */
record Save(long first, long last, long term, HardState hardState) {
  /** The line {@code <verb> <first> <last> <term> <hs term> <hs vote> <hs commit>}. */
  String line(String verb) {
    return verb
        + " "
        + first
        + " "
        + last
        + " "
        + term
        + " "
        + hardState.term()
        + " "
        + hardState.vote()
        + " "
        + hardState.commit();
  }

  /** Parses the words of {@link #line}, the verb first. */
  static Save parse(String[] words) {
    if (words.length != 7) {
      throw new IllegalArgumentException("a save has 6 numbers: " + String.join(" ", words));
    }
    return new Save(
        Long.parseLong(words[1]),
        Long.parseLong(words[2]),
        Long.parseLong(words[3]),
        new HardState(
            Long.parseLong(words[4]), Long.parseLong(words[5]), Long.parseLong(words[6])));
  }
}

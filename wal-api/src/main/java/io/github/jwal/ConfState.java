package io.github.jwal;

import java.util.List;

/**
 * Raft's cluster membership at a snapshot ({@code raftpb.ConfState}). Node ids are unsigned 64-bit
 * numbers held in a {@code long}. The lists are immutable copies.
 */
public record ConfState(
    List<Long> voters,
    List<Long> learners,
    List<Long> votersOutgoing,
    List<Long> learnersNext,
    boolean autoLeave) {

  public ConfState {
    voters = List.copyOf(voters);
    learners = List.copyOf(learners);
    votersOutgoing = List.copyOf(votersOutgoing);
    learnersNext = List.copyOf(learnersNext);
  }

  /** A configuration with just these voters. */
  public static ConfState ofVoters(Long... voters) {
    return new ConfState(List.of(voters), List.of(), List.of(), List.of(), false);
  }
}

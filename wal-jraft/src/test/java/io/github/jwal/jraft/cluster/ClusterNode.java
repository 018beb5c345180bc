package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.entity.PeerId;

/** One running incarnation of a cluster member: its jraft node, RPC service and state machine. */
record ClusterNode(PeerId peer, RaftGroupService service, Node node, KvStateMachine fsm) {
  /** Whether jraft calls this node the leader and its state machine has been told so. */
  boolean leads() {
    return node.isLeader() && fsm.leaderTerm() > 0;
  }

  @Override
  public String toString() {
    KvStateMachine.State s = fsm.state();
    return String.format(
        "%s%s applied=%d/%d log=%d keys=%d digest=%x snapshots=%d saved %d loaded%s",
        peer,
        leads() ? " LEADER" : "",
        node.getLastAppliedLogIndex(),
        s.appliedIndex(),
        node.getLastLogIndex(),
        s.keys(),
        s.digest(),
        fsm.snapshotsSaved(),
        fsm.snapshotsLoaded(),
        fsm.error() == null ? "" : " ERROR " + fsm.error());
  }
}

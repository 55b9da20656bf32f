package dev.millrace.streams.internal;

import dev.millrace.streams.kstream.Branched;
import dev.millrace.streams.kstream.BranchedKStream;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.Named;
import dev.millrace.streams.kstream.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the branches of a split. One branch node forwards each record to exactly one child:
 * the pass-through node of the first matching branch, named {@code <splitName><branchName>}.
 */
final class BranchedKStreamImpl<K, V> implements BranchedKStream<K, V> {
  private final KStreamImpl<K, V> parent;
  private final String splitName;
  private final String branchNode;
  private final List<Predicate<? super K, ? super V>> predicates = new ArrayList<>();
  private final List<String> children = new ArrayList<>();
  private final String[] defaultChild = new String[1];
  private final Map<String, KStream<K, V>> result = new LinkedHashMap<>();
  private boolean done;

  BranchedKStreamImpl(KStreamImpl<K, V> parent, Named named) {
    this.parent = parent;
    InternalStreamsBuilder b = parent.builder;
    this.branchNode = b.nameOr(named, "KSTREAM-BRANCH-");
    this.splitName = named != null ? named.name() : branchNode + "-";
    b.addNode(new ProcessorDef(branchNode, List.of(parent.node),
        StreamOperators.branch(predicates, children, defaultChild), List.of()));
  }

  @Override
  public BranchedKStream<K, V> branch(Predicate<? super K, ? super V> predicate) {
    return branch(predicate, Branched.as(String.valueOf(predicates.size() + 1)));
  }

  @Override
  public BranchedKStream<K, V> branch(Predicate<? super K, ? super V> predicate,
      Branched<K, V> branched) {
    Objects.requireNonNull(predicate, "predicate");
    Objects.requireNonNull(branched, "branched");
    checkOpen();
    String child = addChild(branched, String.valueOf(predicates.size() + 1));
    predicates.add(predicate);
    children.add(child);
    return this;
  }

  @Override
  public Map<String, KStream<K, V>> defaultBranch() {
    return defaultBranch(Branched.as("0"));
  }

  @Override
  public Map<String, KStream<K, V>> defaultBranch(Branched<K, V> branched) {
    Objects.requireNonNull(branched, "branched");
    checkOpen();
    defaultChild[0] = addChild(branched, "0");
    done = true;
    return Map.copyOf(result);
  }

  @Override
  public Map<String, KStream<K, V>> noDefaultBranch() {
    checkOpen();
    done = true;
    return Map.copyOf(result);
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("this split is already finished");
    }
  }

  private String addChild(Branched<K, V> branched, String position) {
    String key = splitName + (branched.name() != null ? branched.name() : position);
    InternalStreamsBuilder b = parent.builder;
    b.addNode(new ProcessorDef(key, List.of(branchNode), StreamOperators.passThrough(),
        List.of()));
    KStream<K, V> stream = new KStreamImpl<>(b, key, parent.keySerde, parent.valueSerde,
        parent.keyChanged);
    if (branched.function() != null) {
      result.put(key, branched.function().apply(stream));
    } else if (branched.consumer() != null) {
      branched.consumer().accept(stream);
    } else {
      result.put(key, stream);
    }
    return key;
  }
}

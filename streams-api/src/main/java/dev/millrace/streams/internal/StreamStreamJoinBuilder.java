package dev.millrace.streams.internal;

import dev.millrace.serialization.Serde;
import dev.millrace.serialization.Serdes;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.kstream.KStream;
import dev.millrace.streams.kstream.StreamJoined;
import dev.millrace.streams.kstream.ValueJoiner;
import java.util.List;
import java.util.Objects;

/**
 * Adds a windowed stream-stream join to the graph: a repartition topic for each side whose key
 * changed, the two side buffers and the stream-time store, one join processor per side, and a
 * node merging their results.
 */
final class StreamStreamJoinBuilder {
  /** Which unmatched records get a null-partner result. */
  enum Kind {
    INNER("JOIN", false, false),
    LEFT("LEFTJOIN", true, false),
    OUTER("OUTERJOIN", true, true);

    final String prefix;
    final boolean emitLeft;
    final boolean emitRight;

    Kind(String prefix, boolean emitLeft, boolean emitRight) {
      this.prefix = prefix;
      this.emitLeft = emitLeft;
      this.emitRight = emitRight;
    }
  }

  private StreamStreamJoinBuilder() {}

  static <K, V, VO, VR> KStream<K, VR> join(KStreamImpl<K, V> self, KStream<K, VO> otherStream,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
      StreamJoined<K, V, VO> joined, Kind kind) {
    Objects.requireNonNull(otherStream, "other");
    Objects.requireNonNull(joiner, "joiner");
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(joined, "streamJoined");
    KStreamImpl<K, VO> other = (KStreamImpl<K, VO>) otherStream;
    InternalStreamsBuilder builder = self.builder;
    if (other.builder != builder) {
      throw new IllegalArgumentException("cannot join streams of different StreamsBuilders");
    }
    String name = joined.name();
    String thisName = name != null ? name + "-this-join"
        : builder.newName("KSTREAM-" + kind.prefix + "THIS-");
    String otherName = name != null ? name + "-other-join"
        : builder.newName("KSTREAM-" + kind.prefix + "OTHER-");
    String mergeName = name != null ? name + "-merge" : builder.newName("KSTREAM-MERGE-");
    String base = name != null ? name : thisName;
    String storeBase = joined.storeName() != null ? joined.storeName() : base;

    Serde<K> keySerde = joined.keySerde() != null ? joined.keySerde()
        : self.keySerde != null ? self.keySerde : other.keySerde;
    Serde<V> valueSerde = joined.valueSerde() != null ? joined.valueSerde() : self.valueSerde;
    Serde<VO> otherValueSerde = joined.otherValueSerde() != null ? joined.otherValueSerde()
        : other.valueSerde;

    String leftParent = self.keyChanged
        ? builder.repartition(self.node, base + "-left", keySerde, valueSerde, false, 0)
        : self.node;
    String rightParent = other.keyChanged
        ? builder.repartition(other.node, base + "-right", keySerde, otherValueSerde, false, 0)
        : other.node;

    long retention = StreamStreamJoin.retentionMs(windows);
    StoreDef leftStore = new StoreDef(storeBase + "-this-join-store",
        new WindowedKeySerde<>(keySerde, 1), new JoinBufferSerde<>(valueSerde), true,
        joined.loggingEnabled(), joined.storeType(), StoreDef.Layout.WINDOW, retention);
    StoreDef rightStore = new StoreDef(storeBase + "-other-join-store",
        new WindowedKeySerde<>(keySerde, 1), new JoinBufferSerde<>(otherValueSerde), true,
        joined.loggingEnabled(), joined.storeType(), StoreDef.Layout.WINDOW, retention);
    StoreDef timeStore = new StoreDef(storeBase + "-join-stream-time", Serdes.String(),
        Serdes.Long(), true, joined.loggingEnabled(), joined.storeType());
    builder.addStore(leftStore);
    builder.addStore(rightStore);
    builder.addStore(timeStore);
    List<String> stores = List.of(leftStore.name(), rightStore.name(), timeStore.name());

    StreamStreamJoin<K, V, VO, VR> join = new StreamStreamJoin<>(leftStore.name(),
        rightStore.name(), timeStore.name(), windows, joiner, kind.emitLeft, kind.emitRight);
    builder.addNode(new ProcessorDef(thisName, List.of(leftParent), join.leftSide(), stores));
    builder.addNode(new ProcessorDef(otherName, List.of(rightParent), join.rightSide(), stores));
    builder.addNode(new ProcessorDef(mergeName, List.of(thisName, otherName),
        StreamOperators.passThrough(), List.of()));
    return new KStreamImpl<>(builder, mergeName, keySerde, null, false);
  }
}

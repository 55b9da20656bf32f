package dev.millrace.streams.internal;

import java.util.List;

/** A node of a built topology: a source, a processor or a sink. */
public sealed interface NodeDef permits SourceDef, ProcessorDef, SinkDef {
  String name();

  /** Upstream nodes, in the order they were connected; empty for sources. */
  List<String> parents();
}

package dev.millrace.streams.internal;

import java.util.List;
import java.util.Map;

/**
 * A connected part of a topology: nodes in topological order, with their children, the sources
 * and sinks among them, and the stores their processors use.
 */
public record SubTopologyDef(int id, List<NodeDef> nodes, Map<String, List<String>> children,
    List<SourceDef> sources, List<SinkDef> sinks, List<StoreDef> stores) {
  public SubTopologyDef {
    nodes = List.copyOf(nodes);
    children = Map.copyOf(children);
    sources = List.copyOf(sources);
    sinks = List.copyOf(sinks);
    stores = List.copyOf(stores);
  }
}

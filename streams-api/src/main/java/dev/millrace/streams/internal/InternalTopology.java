package dev.millrace.streams.internal;

import dev.millrace.streams.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built, immutable topology: nodes in creation (hence topological) order, stores, and the
 * sub-topologies they form. Two nodes share a sub-topology when an edge or a store connects them;
 * internal repartition topics are the only links between sub-topologies.
 */
public final class InternalTopology implements Topology {
  private final Map<String, NodeDef> nodes;
  private final Map<String, StoreDef> stores;
  private final List<SubTopologyDef> subTopologies;

  InternalTopology(Map<String, NodeDef> nodes, Map<String, StoreDef> stores) {
    this.nodes = Map.copyOf(nodes);
    this.stores = Map.copyOf(stores);
    this.subTopologies = split(new ArrayList<>(nodes.values()), stores);
  }

  public List<SubTopologyDef> subTopologies() {
    return subTopologies;
  }

  public Map<String, StoreDef> stores() {
    return stores;
  }

  public NodeDef node(String name) {
    return nodes.get(name);
  }

  private static List<SubTopologyDef> split(List<NodeDef> order, Map<String, StoreDef> stores) {
    Map<String, String> parent = new HashMap<>();
    for (NodeDef n : order) {
      parent.put(n.name(), n.name());
    }
    Map<String, String> storeOwner = new HashMap<>();
    for (NodeDef n : order) {
      for (String p : n.parents()) {
        union(parent, p, n.name());
      }
      if (n instanceof ProcessorDef pd) {
        for (String s : pd.stores()) {
          String owner = storeOwner.putIfAbsent(s, n.name());
          if (owner != null) {
            union(parent, owner, n.name());
          }
        }
      }
    }
    Map<String, List<NodeDef>> groups = new LinkedHashMap<>();
    for (NodeDef n : order) {
      groups.computeIfAbsent(find(parent, n.name()), k -> new ArrayList<>()).add(n);
    }
    List<SubTopologyDef> result = new ArrayList<>();
    int id = 0;
    for (List<NodeDef> group : groups.values()) {
      Map<String, List<String>> children = new LinkedHashMap<>();
      List<SourceDef> sources = new ArrayList<>();
      List<SinkDef> sinks = new ArrayList<>();
      Set<String> storeNames = new LinkedHashSet<>();
      for (NodeDef n : group) {
        children.put(n.name(), new ArrayList<>());
      }
      for (NodeDef n : group) {
        for (String p : n.parents()) {
          children.get(p).add(n.name());
        }
        if (n instanceof SourceDef s) {
          sources.add(s);
        } else if (n instanceof SinkDef s) {
          sinks.add(s);
        } else if (n instanceof ProcessorDef p) {
          storeNames.addAll(p.stores());
        }
      }
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      children.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      List<StoreDef> storeDefs = storeNames.stream().map(stores::get).toList();
      result.add(new SubTopologyDef(id++, group, frozen, sources, sinks, storeDefs));
    }
    return List.copyOf(result);
  }

  private static String find(Map<String, String> parent, String x) {
    String p = parent.get(x);
    while (!p.equals(x)) {
      String gp = parent.get(p);
      parent.put(x, gp);
      x = p;
      p = gp;
    }
    return p;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(rb, ra);
    }
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("Topology\n");
    List<String> internalTopics = new ArrayList<>();
    for (SubTopologyDef st : subTopologies) {
      sb.append("  Sub-topology: ").append(st.id()).append('\n');
      for (NodeDef n : st.nodes()) {
        if (n instanceof SourceDef s) {
          sb.append("    Source: ").append(s.name()).append(" (topics: ")
              .append(s.internal() ? prefixed(s.topics()) : s.topics()).append(")\n");
        } else if (n instanceof ProcessorDef p) {
          sb.append("    Processor: ").append(p.name()).append(" (stores: ").append(p.stores())
              .append(")\n");
        } else if (n instanceof SinkDef s) {
          sb.append("    Sink: ").append(s.name()).append(" (topic: ")
              .append(s.topic() == null ? "<chosen per record>"
                  : s.internal() ? "<application.id>-" + s.topic() : s.topic())
              .append(")\n");
          if (s.internal()) {
            internalTopics.add("<application.id>-" + s.topic() + " (repartition"
                + (s.partitions() > 0 ? ", " + s.partitions() + " partitions" : "") + ")");
          }
        }
        List<String> kids = st.children().get(n.name());
        if (!kids.isEmpty()) {
          sb.append("      --> ").append(String.join(", ", kids)).append('\n');
        }
        if (!n.parents().isEmpty()) {
          sb.append("      <-- ").append(String.join(", ", n.parents())).append('\n');
        }
      }
      for (StoreDef s : st.stores()) {
        sb.append("    Store: ").append(s.name()).append(" (caching: ")
            .append(s.caching() ? "on" : "off").append(", changelog: ")
            .append(s.logging() ? "on" : "off").append(", type: ")
            .append(s.storeType() == null ? "default" : s.storeType()).append(")\n");
        if (s.logging()) {
          internalTopics.add("<application.id>-" + s.changelogSuffix() + " (changelog, compacted)");
        }
      }
    }
    sb.append("  Internal topics:");
    if (internalTopics.isEmpty()) {
      sb.append(" none\n");
    } else {
      sb.append('\n');
      for (String t : internalTopics) {
        sb.append("    ").append(t).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public String toDot() {
    StringBuilder sb = new StringBuilder("digraph topology {\n  rankdir=LR;\n");
    Set<String> topics = new LinkedHashSet<>();
    for (SubTopologyDef st : subTopologies) {
      sb.append("  subgraph cluster_").append(st.id()).append(" {\n    label=\"sub-topology ")
          .append(st.id()).append("\";\n");
      for (NodeDef n : st.nodes()) {
        sb.append("    ").append(quote(n.name())).append(" [shape=box];\n");
      }
      for (StoreDef s : st.stores()) {
        sb.append("    ").append(quote("store:" + s.name())).append(" [shape=cylinder, label=")
            .append(quote(s.name())).append("];\n");
      }
      sb.append("  }\n");
      for (NodeDef n : st.nodes()) {
        for (String child : st.children().get(n.name())) {
          sb.append("  ").append(quote(n.name())).append(" -> ").append(quote(child))
              .append(";\n");
        }
        if (n instanceof SourceDef s) {
          for (String t : s.topics()) {
            String topic = topicNode(t, s.internal());
            topics.add(topic);
            sb.append("  ").append(quote(topic)).append(" -> ").append(quote(n.name()))
                .append(";\n");
          }
        } else if (n instanceof SinkDef s) {
          String topic = s.topic() == null ? "<chosen per record>" : topicNode(s.topic(),
              s.internal());
          topics.add(topic);
          sb.append("  ").append(quote(n.name())).append(" -> ").append(quote(topic))
              .append(";\n");
        } else if (n instanceof ProcessorDef p) {
          for (String store : p.stores()) {
            sb.append("  ").append(quote(n.name())).append(" -> ").append(quote("store:" + store))
                .append(" [dir=both, style=dotted];\n");
          }
        }
      }
    }
    for (String t : topics) {
      sb.append("  ").append(quote(t)).append(" [shape=ellipse")
          .append(t.startsWith("<application.id>-") ? ", style=dashed" : "").append("];\n");
    }
    return sb.append("}\n").toString();
  }

  private static String topicNode(String topic, boolean internal) {
    return internal ? "<application.id>-" + topic : topic;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static List<String> prefixed(List<String> topics) {
    return topics.stream().map(t -> "<application.id>-" + t).toList();
  }

  @Override
  public String toString() {
    return describe();
  }
}

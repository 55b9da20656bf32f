package dev.millrace.runtime.internal;

import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.internal.InternalProcessorContext;
import dev.millrace.streams.processor.Cancellable;
import dev.millrace.streams.processor.PunctuationType;
import dev.millrace.streams.processor.Punctuator;
import dev.millrace.streams.processor.Record;
import dev.millrace.streams.processor.RecordMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The context of one processor node in one task: its children, its stores, its task. */
final class NodeContext implements InternalProcessorContext<Object, Object> {
  private final String nodeName;
  private final StreamTask task;
  private final Set<String> stores;
  private RuntimeNode[] children = new RuntimeNode[0];
  private final Map<String, RuntimeNode> byName = new HashMap<>();

  NodeContext(String nodeName, StreamTask task, Set<String> stores) {
    this.nodeName = nodeName;
    this.task = task;
    this.stores = stores;
  }

  void setChildren(RuntimeNode[] children) {
    this.children = children;
    for (RuntimeNode c : children) {
      byName.put(c.name, c);
    }
  }

  @Override
  public String applicationId() {
    return task.applicationId();
  }

  @Override
  public String taskId() {
    return task.id().toString();
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.ofNullable(task.currentMetadata());
  }

  @Override
  public <K, V> KeyValueStore<K, V> getStateStore(String name) {
    if (!stores.contains(name)) {
      throw new IllegalArgumentException("processor '" + nodeName + "' is not connected to store '"
          + name + "'; name the store when adding the processor (connected: " + stores + ")");
    }
    return task.store(name);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> void forward(Record<K, V> record) {
    Record<Object, Object> r = (Record<Object, Object>) record;
    for (RuntimeNode child : children) {
      child.process(r);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> void forward(Record<K, V> record, String childName) {
    RuntimeNode child = byName.get(childName);
    if (child == null) {
      throw new IllegalArgumentException("'" + childName + "' is not a child of processor '"
          + nodeName + "' (children: " + byName.keySet() + ")");
    }
    child.process((Record<Object, Object>) record);
  }

  @Override
  public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(callback, "callback");
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("punctuation interval must be at least 1 ms, got "
          + interval + " in processor '" + nodeName + "'");
    }
    return task.schedule(interval.toMillis(), type, callback);
  }

  @Override
  public void commit() {
    task.requestCommit();
  }

  @Override
  public long currentStreamTimeMs() {
    return task.streamTime();
  }

  @Override
  public long currentSystemTimeMs() {
    return task.wallClockMs();
  }

  @Override
  public void recordSkipped(String reason) {
    task.recordSkipped(nodeName + ": " + reason);
  }
}

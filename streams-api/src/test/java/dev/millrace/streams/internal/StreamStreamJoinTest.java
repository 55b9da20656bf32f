package dev.millrace.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.state.KeyValueStore;
import dev.millrace.streams.kstream.JoinWindows;
import dev.millrace.streams.processor.Processor;
import dev.millrace.streams.processor.ProcessorContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bookkeeping that lets the two processors of one task share a join's state. */
class StreamStreamJoinTest {
  private final StreamStreamJoin<String, String, String, String> join = new StreamStreamJoin<>(
      "l", "r", "t", JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofSeconds(1)),
      (a, b) -> a + b, false, false);

  /** A context whose stores are stand-ins that answer every read with "nothing stored". */
  @SuppressWarnings("unchecked")
  private static ProcessorContext<String, String> taskContext() {
    Map<String, Object> stores = new HashMap<>();
    for (String name : new String[] {"l", "r", "t"}) {
      stores.put(name, Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
          new Class<?>[] {KeyValueStore.class}, (proxy, m, args) -> switch (m.getName()) {
            case "name" -> name;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
          }));
    }
    return (ProcessorContext<String, String>) Proxy.newProxyInstance(
        ProcessorContext.class.getClassLoader(), new Class<?>[] {ProcessorContext.class},
        (proxy, m, args) -> m.getName().equals("getStateStore") ? stores.get((String) args[0])
            : null);
  }

  @Test
  void theTwoSidesOfATaskShareOneStateThatTheTaskReleasesOnClose() {
    ProcessorContext<String, String> task0 = taskContext();
    ProcessorContext<String, String> task1 = taskContext();
    Processor<String, String, String, String> left0 = join.leftSide().get();
    Processor<String, String, String, String> right0 = join.rightSide().get();
    Processor<String, String, String, String> left1 = join.leftSide().get();
    left0.init(task0);
    right0.init(task0);
    assertEquals(1, join.openTasks());
    left1.init(task1);
    assertEquals(2, join.openTasks());
    left0.close();
    right0.close();
    assertEquals(1, join.openTasks());
    left1.close();
    assertEquals(0, join.openTasks());
  }
}

package dev.millrace.state.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.millrace.state.StoreType;
import dev.millrace.state.spi.StoreEngineProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class InMemoryStoreEngineProviderTest {
  @Test
  void theProviderIsFoundThroughServiceLoader() {
    List<StoreEngineProvider> inMemory = ServiceLoader.load(StoreEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type() == StoreType.IN_MEMORY)
        .toList();
    assertEquals(1, inMemory.size());
    try (var engine = inMemory.get(0).create(Map.of())) {
      assertInstanceOf(InMemoryStoreEngine.class, engine);
      assertEquals(StoreType.IN_MEMORY, engine.type());
    }
  }
}

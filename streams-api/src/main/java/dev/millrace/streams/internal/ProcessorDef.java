package dev.millrace.streams.internal;

import dev.millrace.streams.processor.ProcessorSupplier;
import java.util.List;

/** Runs a processor (DSL operator or custom) made per task by {@code supplier}. */
public record ProcessorDef(String name, List<String> parents, ProcessorSupplier<?, ?, ?, ?> supplier,
    List<String> stores) implements NodeDef {
  public ProcessorDef {
    parents = List.copyOf(parents);
    stores = List.copyOf(stores);
  }
}

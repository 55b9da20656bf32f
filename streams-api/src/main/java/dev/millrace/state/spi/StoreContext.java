package dev.millrace.state.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and for whom a store is opened.
 *
 * @param applicationId the application the store belongs to
 * @param taskId the owning task, e.g. {@code 0_3} (sub-topology 0, partition 3)
 * @param storeName the store's name in the topology
 * @param directory a directory for this store alone, created by the runtime, that persistent
 *     engines keep their files in; in-memory engines ignore it
 */
public record StoreContext(String applicationId, String taskId, String storeName, Path directory) {
  public StoreContext {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(directory, "directory");
  }
}

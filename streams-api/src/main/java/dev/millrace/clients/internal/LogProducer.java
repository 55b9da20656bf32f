package dev.millrace.clients.internal;

import dev.millrace.clients.Partitioner;
import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.clients.RecordMetadata;
import dev.millrace.clients.TransactionAbortedException;
import dev.millrace.log.Log;
import dev.millrace.log.LogRecord;
import dev.millrace.log.ProducerFencedException;
import dev.millrace.log.TopicPartition;
import dev.millrace.log.TransactionalWriter;
import dev.millrace.log.UnknownTopicOrPartitionException;
import dev.millrace.serialization.SerializationException;
import dev.millrace.serialization.Serializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Producer} over a {@link Log}: per-partition batches guarded by one lock, appended by
 * the sending thread when full and by a linger thread when they have waited long enough.
 *
 * <p>Appends happen under the lock so that batches of one partition reach the log in the order
 * their records were sent, and futures are completed under it so that {@link #flush()} returns
 * only once every earlier future is complete.
 */
public final class LogProducer<K, V> implements Producer<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(LogProducer.class);

  private enum TxnState { NOT_TRANSACTIONAL, UNINITIALIZED, READY, IN_TRANSACTION, FENCED }

  private final Log log;
  private final Serializer<K> keySerializer;
  private final Serializer<V> valueSerializer;
  private final Partitioner partitioner;
  private final int batchSizeBytes;
  private final long lingerNanos;
  private final String transactionalId;
  private final String clientId;
  /** Per topic, its partitions, so that the hot path neither asks the log nor allocates them. */
  private final ConcurrentHashMap<String, TopicPartition[]> topicPartitions =
      new ConcurrentHashMap<>();
  private final Thread lingerThread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchesChanged = lock.newCondition();
  // Guarded by lock. Insertion order is creation order, so the first batch is the oldest.
  private final LinkedHashMap<TopicPartition, ProducerBatch> batches = new LinkedHashMap<>();
  private final Map<String, Integer> stickyPartitions = new HashMap<>();
  private TransactionalWriter writer;
  private TxnState txnState;
  private RuntimeException transactionError;
  private volatile boolean closed;

  public LogProducer(Log log, ProducerConfig config, Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    this.log = Objects.requireNonNull(log, "log");
    this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
    this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    this.partitioner = config.partitioner().orElse(null);
    this.batchSizeBytes = config.batchSizeBytes();
    this.lingerNanos = config.linger().toNanos();
    this.transactionalId = config.transactionalId().orElse(null);
    this.clientId = config.clientId();
    this.txnState = transactionalId == null ? TxnState.NOT_TRANSACTIONAL : TxnState.UNINITIALIZED;
    if (lingerNanos > 0) {
      lingerThread = new Thread(this::lingerLoop, "millrace-producer-" + clientId + "-linger");
      lingerThread.setDaemon(true);
      lingerThread.start();
    } else {
      lingerThread = null;
    }
  }

  @Override
  public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
    Objects.requireNonNull(record, "record");
    if (closed) {
      throw new IllegalStateException("producer '" + clientId + "' is closed; cannot send to '"
          + record.topic() + "'");
    }
    String topic = record.topic();
    byte[] keyBytes = serialize(keySerializer, topic, record.key(), "key");
    byte[] valueBytes = serialize(valueSerializer, topic, record.value(), "value");
    TopicPartition[] partitions = partitionsOf(topic);
    int partition = choosePartition(record, keyBytes, partitions.length);
    long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
    LogRecord logRecord = new LogRecord(keyBytes, valueBytes, timestamp, record.headers());
    CompletableFuture<RecordMetadata> future = new CompletableFuture<>();

    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("producer '" + clientId + "' is closed; cannot send to '"
            + topic + "'");
      }
      checkMaySend(topic);
      if (partition < 0) {
        partition = stickyPartitions.computeIfAbsent(topic,
            t -> ThreadLocalRandom.current().nextInt(partitions.length));
      }
      TopicPartition tp = partitions[partition];
      ProducerBatch batch = batches.get(tp);
      if (batch == null) {
        batch = new ProducerBatch(tp, System.nanoTime());
        if (batches.isEmpty()) {
          batchesChanged.signalAll();
        }
        batches.put(tp, batch);
      }
      batch.add(logRecord, future);
      if (lingerNanos == 0 || batch.sizeInBytes() >= batchSizeBytes) {
        appendLocked(batch);
      }
    } finally {
      lock.unlock();
    }
    return future;
  }

  @Override
  public void flush() {
    lock.lock();
    try {
      appendAllLocked();
    } finally {
      lock.unlock();
    }
    log.flush();
  }

  @Override
  public void initTransactions() {
    lock.lock();
    try {
      ensureOpen();
      if (txnState == TxnState.NOT_TRANSACTIONAL) {
        throw new IllegalStateException("producer '" + clientId
            + "' has no transactional.id; set ProducerConfig.Builder.transactionalId to use"
            + " transactions");
      }
      if (txnState != TxnState.UNINITIALIZED) {
        throw new IllegalStateException("initTransactions() was already called for"
            + " transactional.id '" + transactionalId + "'");
      }
      writer = log.initTransactions(transactionalId);
      txnState = TxnState.READY;
      LOG.debug("producer {}: transactional.id '{}' has epoch {}", clientId, transactionalId,
          writer.epoch());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void beginTransaction() {
    lock.lock();
    try {
      ensureOpen();
      requireTxnState(TxnState.READY, "beginTransaction()");
      callWriter(() -> writer.beginTransaction());
      txnState = TxnState.IN_TRANSACTION;
      transactionError = null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sendOffsetsToTransaction(Map<TopicPartition, Long> offsets, String groupId) {
    Objects.requireNonNull(offsets, "offsets");
    Objects.requireNonNull(groupId, "groupId");
    lock.lock();
    try {
      ensureOpen();
      requireTxnState(TxnState.IN_TRANSACTION, "sendOffsetsToTransaction()");
      callWriter(() -> writer.addOffsets(groupId, offsets));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void commitTransaction() {
    lock.lock();
    try {
      ensureOpen();
      requireTxnState(TxnState.IN_TRANSACTION, "commitTransaction()");
      appendAllLocked();
      if (transactionError != null) {
        throw new IllegalStateException("cannot commit the transaction of transactional.id '"
            + transactionalId + "': an append inside it failed (" + transactionError.getMessage()
            + "); call abortTransaction()", transactionError);
      }
      callWriter(() -> writer.commitTransaction());
      txnState = TxnState.READY;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void abortTransaction() {
    lock.lock();
    try {
      ensureOpen();
      requireTxnState(TxnState.IN_TRANSACTION, "abortTransaction()");
      discardAllLocked("the transaction of transactional.id '" + transactionalId
          + "' was aborted before the record was appended");
      callWriter(() -> writer.abortTransaction());
      txnState = TxnState.READY;
      transactionError = null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    boolean flushLog;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (txnState == TxnState.IN_TRANSACTION || txnState == TxnState.FENCED) {
        discardAllLocked("producer '" + clientId + "' was closed with the transaction of"
            + " transactional.id '" + transactionalId + "' open");
        flushLog = false;
      } else {
        appendAllLocked();
        flushLog = true;
      }
      closed = true;
      batchesChanged.signalAll();
    } finally {
      lock.unlock();
    }
    if (lingerThread != null && lingerThread != Thread.currentThread()) {
      try {
        lingerThread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (writer != null) {
      writer.close();
    }
    if (flushLog) {
      log.flush();
    }
  }

  // ---------------------------------------------------------------- internals

  private void lingerLoop() {
    lock.lock();
    try {
      while (!closed) {
        if (batches.isEmpty()) {
          batchesChanged.await();
          continue;
        }
        long now = System.nanoTime();
        ProducerBatch oldest = batches.values().iterator().next();
        long wait = oldest.createdNanos + lingerNanos - now;
        if (wait > 0) {
          batchesChanged.awaitNanos(wait);
          continue;
        }
        List<ProducerBatch> expired = new ArrayList<>();
        for (ProducerBatch batch : batches.values()) {
          if (batch.createdNanos + lingerNanos - now > 0) {
            break;
          }
          expired.add(batch);
        }
        for (ProducerBatch batch : expired) {
          appendLocked(batch);
        }
      }
    } catch (InterruptedException e) {
      LOG.warn("producer {}: linger thread interrupted; batches are now appended only when full,"
          + " on flush() or on close()", clientId);
    } catch (RuntimeException e) {
      LOG.error("producer {}: linger thread failed; batches are now appended only when full,"
          + " on flush() or on close()", clientId, e);
    } finally {
      lock.unlock();
    }
  }

  private void appendAllLocked() {
    for (ProducerBatch batch : new ArrayList<>(batches.values())) {
      appendLocked(batch);
    }
  }

  private void appendLocked(ProducerBatch batch) {
    TopicPartition tp = batch.partition;
    batches.remove(tp);
    Integer sticky = stickyPartitions.get(tp.topic());
    if (sticky != null && sticky == tp.partition()) {
      int count = partitionCountOrOne(tp.topic());
      stickyPartitions.put(tp.topic(), (sticky + 1) % count);
    }
    long baseOffset;
    try {
      baseOffset = writer != null ? writer.append(tp, batch.records())
          : log.append(tp, batch.records());
    } catch (RuntimeException e) {
      if (e instanceof UnknownTopicOrPartitionException) {
        topicPartitions.remove(tp.topic());
      }
      if (e instanceof ProducerFencedException) {
        txnState = TxnState.FENCED;
      } else if (txnState == TxnState.IN_TRANSACTION && transactionError == null) {
        transactionError = e;
      }
      LOG.warn("producer {}: appending {} records to {} failed; their futures fail with: {}",
          clientId, batch.recordCount(), tp, e.toString());
      batch.failed(e);
      return;
    }
    batch.succeeded(baseOffset);
  }

  private void discardAllLocked(String reason) {
    for (ProducerBatch batch : new ArrayList<>(batches.values())) {
      batches.remove(batch.partition);
      batch.failed(new TransactionAbortedException(reason));
    }
  }

  private int partitionCountOrOne(String topic) {
    TopicPartition[] partitions = topicPartitions.get(topic);
    return partitions == null ? 1 : partitions.length;
  }

  private TopicPartition[] partitionsOf(String topic) {
    TopicPartition[] partitions = topicPartitions.get(topic);
    if (partitions == null) {
      int count = log.describeTopic(topic).partitions();
      partitions = new TopicPartition[count];
      for (int i = 0; i < count; i++) {
        partitions[i] = new TopicPartition(topic, i);
      }
      topicPartitions.put(topic, partitions);
    }
    return partitions;
  }

  /** The record's partition, or -1 if it goes to the topic's sticky partition. */
  private int choosePartition(ProducerRecord<K, V> record, byte[] keyBytes, int numPartitions) {
    Integer explicit = record.partition();
    if (explicit != null) {
      if (explicit >= numPartitions) {
        throw new IllegalArgumentException("record names partition " + explicit + " of topic '"
            + record.topic() + "', which has " + numPartitions + " partitions (0.."
            + (numPartitions - 1) + ")");
      }
      return explicit;
    }
    if (partitioner != null) {
      int chosen = partitioner.partition(record.topic(), record.key(), keyBytes, numPartitions);
      if (chosen < 0 || chosen >= numPartitions) {
        throw new IllegalArgumentException("partitioner " + partitioner.getClass().getName()
            + " returned partition " + chosen + " for topic '" + record.topic() + "', which has "
            + numPartitions + " partitions (0.." + (numPartitions - 1) + ")");
      }
      return chosen;
    }
    return keyBytes == null ? -1 : Murmur2.partition(keyBytes, numPartitions);
  }

  private static <T> byte[] serialize(Serializer<T> serializer, String topic, T data,
      String what) {
    try {
      return serializer.serialize(topic, data);
    } catch (RuntimeException e) {
      throw new SerializationException("cannot serialize the " + what + " of a record for topic '"
          + topic + "' with " + serializer.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  private void checkMaySend(String topic) {
    switch (txnState) {
      case NOT_TRANSACTIONAL:
      case IN_TRANSACTION:
        return;
      case FENCED:
        throw fenced();
      default:
        throw new IllegalStateException("producer '" + clientId + "' with transactional.id '"
            + transactionalId + "' cannot send to '" + topic + "' outside a transaction; call "
            + (txnState == TxnState.UNINITIALIZED ? "initTransactions() and " : "")
            + "beginTransaction() first");
    }
  }

  private void requireTxnState(TxnState required, String call) {
    if (txnState == required) {
      return;
    }
    switch (txnState) {
      case NOT_TRANSACTIONAL:
        throw new IllegalStateException(call + " needs a transactional producer; producer '"
            + clientId + "' has no transactional.id");
      case UNINITIALIZED:
        throw new IllegalStateException(call + " before initTransactions() for transactional.id '"
            + transactionalId + "'");
      case FENCED:
        throw fenced();
      case READY:
        throw new IllegalStateException(call + " with no transaction open for transactional.id '"
            + transactionalId + "'; call beginTransaction() first");
      default:
        throw new IllegalStateException(call + " while a transaction is already open for"
            + " transactional.id '" + transactionalId + "'");
    }
  }

  private void callWriter(Runnable call) {
    try {
      call.run();
    } catch (ProducerFencedException e) {
      txnState = TxnState.FENCED;
      discardAllLocked("producer '" + clientId + "' was fenced");
      throw e;
    } catch (RuntimeException e) {
      txnState = writer.inTransaction() ? TxnState.IN_TRANSACTION : TxnState.READY;
      throw e;
    }
  }

  private ProducerFencedException fenced() {
    return new ProducerFencedException("producer '" + clientId + "' with transactional.id '"
        + transactionalId + "' was fenced by a newer producer with the same id; close it");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("producer '" + clientId + "' is closed");
    }
  }
}

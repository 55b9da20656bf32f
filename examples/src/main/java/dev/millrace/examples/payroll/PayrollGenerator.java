package dev.millrace.examples.payroll;

import dev.millrace.clients.Producer;
import dev.millrace.clients.ProducerConfig;
import dev.millrace.clients.ProducerRecord;
import dev.millrace.log.Log;
import dev.millrace.serialization.Serdes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plays HR and Finance: HR hires every employee and then publishes raises and moves between
 * departments, Finance publishes bonuses, all to {@value PayrollTopology#INPUT_TOPIC} keyed by
 * employee id and sharded by department ({@link DepartmentPartitioner}). Deterministic for a seed.
 */
public final class PayrollGenerator {
  /** The departments employees are spread over. */
  public static final List<String> DEPARTMENTS = List.of("engineering", "sales", "marketing",
      "finance", "support", "operations", "legal", "research");

  private PayrollGenerator() {}

  /**
   * The updates HR and Finance issue, in order: one hire per employee, then {@code updates} more,
   * of which about 70% raises, 10% moves to another department (with a raise) and 20% bonuses.
   * Event times start at {@code startTime} and strictly increase.
   *
   * @throws IllegalArgumentException if {@code employees < 1} or {@code updates < 0}
   */
  public static List<SalaryUpdate> plan(int employees, int updates, long seed, long startTime) {
    if (employees < 1 || updates < 0) {
      throw new IllegalArgumentException("need employees >= 1 and updates >= 0, got " + employees
          + " and " + updates);
    }
    SplittableRandom random = new SplittableRandom(seed);
    String[] department = new String[employees];
    long[] salary = new long[employees];
    List<SalaryUpdate> out = new ArrayList<>(employees + updates);
    long time = startTime;
    for (int e = 0; e < employees; e++) {
      department[e] = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
      salary[e] = 30_000 + 500L * random.nextInt(300);
      time += 1 + random.nextInt(20);
      out.add(new SalaryUpdate(department[e], employeeId(e), salary[e], SalaryUpdate.Kind.SALARY,
          time));
    }
    for (int i = 0; i < updates; i++) {
      int e = random.nextInt(employees);
      int roll = random.nextInt(10);
      time += 1 + random.nextInt(20);
      if (roll < 2) {
        long bonus = 100L * (1 + random.nextInt(100));
        out.add(new SalaryUpdate(department[e], employeeId(e), bonus, SalaryUpdate.Kind.BONUS,
            time));
        continue;
      }
      if (roll == 2) {
        String from = department[e];
        while (department[e].equals(from)) {
          department[e] = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
        }
      }
      salary[e] += 500L * (1 + random.nextInt(10));
      out.add(new SalaryUpdate(department[e], employeeId(e), salary[e], SalaryUpdate.Kind.SALARY,
          time));
    }
    return out;
  }

  /**
   * Publishes {@code updates} to the input topic: salaries through HR's producer, bonuses through
   * Finance's, both partitioning by the employee's department at the time of sending.
   */
  public static void publish(Log log, List<SalaryUpdate> updates) {
    Map<String, String> departmentOf = new HashMap<>();
    ProducerConfig config = ProducerConfig.builder()
        .partitioner(new DepartmentPartitioner(departmentOf::get)).build();
    try (Producer<String, SalaryUpdate> hr = Producer.create(log,
            config.toBuilder().clientId("hr").build(), Serdes.String().serializer(),
            SalaryUpdateSerde.serde().serializer());
        Producer<String, SalaryUpdate> finance = Producer.create(log,
            config.toBuilder().clientId("finance").build(), Serdes.String().serializer(),
            SalaryUpdateSerde.serde().serializer())) {
      for (SalaryUpdate u : updates) {
        // The partitioner runs inside send(): the directory must already say where u belongs.
        departmentOf.put(u.employeeId(), u.department());
        (u.isBonus() ? finance : hr).send(new ProducerRecord<>(PayrollTopology.INPUT_TOPIC, null,
            u.eventTime(), u.employeeId(), u, null));
      }
      hr.flush();
      finance.flush();
    }
  }

  /** The id of employee number {@code n}, e.g. {@code emp-00042}. */
  public static String employeeId(int n) {
    return String.format("emp-%05d", n);
  }
}

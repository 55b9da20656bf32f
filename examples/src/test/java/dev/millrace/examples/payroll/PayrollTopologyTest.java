package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.testkit.TestInputTopic;
import dev.millrace.testkit.TestOutputTopic;
import dev.millrace.testkit.TopologyTestDriver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payroll topology, one record at a time, in Millrace's test driver. */
class PayrollTopologyTest {
  @TempDir
  Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SalaryUpdate> updates;
  private TestOutputTopic<String, Long> payroll;
  private TestOutputTopic<String, Long> bonuses;
  private TestOutputTopic<String, SalaryUpdate> salaries;
  private long time = 1_000;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(PayrollTopology.build(StoreType.IN_MEMORY),
        StreamsConfig.builder("payroll-test").stateDir(stateDir).build());
    updates = driver.createInputTopic(PayrollTopology.INPUT_TOPIC, Serdes.String().serializer(),
        SalaryUpdateSerde.serde().serializer());
    payroll = driver.createOutputTopic(PayrollTopology.DEPARTMENT_PAYROLL_TOPIC,
        Serdes.String().deserializer(), Serdes.Long().deserializer());
    bonuses = driver.createOutputTopic(PayrollTopology.DEPARTMENT_BONUSES_TOPIC,
        Serdes.String().deserializer(), Serdes.Long().deserializer());
    salaries = driver.createOutputTopic(PayrollTopology.EMPLOYEE_SALARIES_TOPIC,
        Serdes.String().deserializer(), SalaryUpdateSerde.serde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private SalaryUpdate pipe(String department, String employee, long amount,
      SalaryUpdate.Kind kind, long eventTime) {
    SalaryUpdate u = new SalaryUpdate(department, employee, amount, kind, eventTime);
    updates.pipeInput(employee, u, eventTime);
    return u;
  }

  private SalaryUpdate salary(String department, String employee, long amount) {
    return pipe(department, employee, amount, SalaryUpdate.Kind.SALARY, time++);
  }

  @Test
  void aMoveRetractsTheOldSalaryFromTheOldDepartment() {
    salary("sales", "alice", 100);
    salary("sales", "bob", 50);
    assertEquals(Map.of("sales", 150L), payroll.readKeyValuesToMap());
    SalaryUpdate moved = salary("legal", "alice", 120);
    assertEquals(Map.of("sales", 50L, "legal", 120L), payroll.readKeyValuesToMap());
    assertEquals(moved, salaries.readKeyValuesToMap().get("alice"));
  }

  @Test
  void anOlderUpdateArrivingLateDoesNotReplaceTheCurrentSalary() {
    salary("sales", "alice", 100);
    pipe("legal", "alice", 90, SalaryUpdate.Kind.SALARY, 1); // issued before the one above
    assertEquals(Map.of("sales", 100L), payroll.readKeyValuesToMap());
    assertEquals("sales", salaries.readKeyValuesToMap().get("alice").department());
  }

  @Test
  void bonusesAddUpPerDepartmentAndDoNotTouchPayroll() {
    salary("sales", "alice", 100);
    pipe("sales", "alice", 7, SalaryUpdate.Kind.BONUS, time++);
    pipe("sales", "bob", 5, SalaryUpdate.Kind.BONUS, time++);
    pipe("legal", "carol", 3, SalaryUpdate.Kind.BONUS, time++);
    assertEquals(Map.of("sales", 12L, "legal", 3L), bonuses.readKeyValuesToMap());
    assertEquals(Map.of("sales", 100L), payroll.readKeyValuesToMap());
  }
}

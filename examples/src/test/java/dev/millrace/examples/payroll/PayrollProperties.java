package dev.millrace.examples.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.millrace.serialization.Serdes;
import dev.millrace.state.StoreType;
import dev.millrace.streams.StreamsConfig;
import dev.millrace.testkit.TestInputTopic;
import dev.millrace.testkit.TopologyTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any small set of updates, with employees moving between departments and event times out of
 * order, the department totals the topology publishes equal the reference fold over the input.
 */
class PayrollProperties {

  @Provide
  Arbitrary<List<SalaryUpdate>> updates() {
    Arbitrary<SalaryUpdate> one = Combinators.combine(
        Arbitraries.of("sales", "legal", "research"),
        Arbitraries.of("alice", "bob", "carol", "dave", "erin"),
        Arbitraries.longs().between(1, 1_000),
        Arbitraries.of(SalaryUpdate.Kind.class))
        .as((d, e, amount, kind) -> new SalaryUpdate(d, e, amount, kind, 0));
    return Combinators.combine(one.list().ofMaxSize(40), Arbitraries.longs())
        .as((list, seed) -> {
          // Distinct event times in a random order: arrival order is not issue order.
          List<Long> times = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            times.add(1_000L + 10L * i);
          }
          Collections.shuffle(times, new Random(seed));
          List<SalaryUpdate> out = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            SalaryUpdate u = list.get(i);
            out.add(new SalaryUpdate(u.department(), u.employeeId(), u.amount(), u.kind(),
                times.get(i)));
          }
          return out;
        });
  }

  @Property(tries = 100)
  void departmentTotalsEqualTheReferenceFold(@ForAll("updates") List<SalaryUpdate> input)
      throws Exception {
    Path stateDir = Files.createTempDirectory("payroll-property");
    try (TopologyTestDriver driver = new TopologyTestDriver(
        PayrollTopology.build(StoreType.IN_MEMORY),
        StreamsConfig.builder("payroll-property").stateDir(stateDir).build())) {
      TestInputTopic<String, SalaryUpdate> in = driver.createInputTopic(
          PayrollTopology.INPUT_TOPIC, Serdes.String().serializer(),
          SalaryUpdateSerde.serde().serializer());
      for (SalaryUpdate u : input) {
        in.pipeInput(u.employeeId(), u, u.eventTime());
      }
      PayrollTotals actual = new PayrollTotals(
          new TreeMap<>(driver.createOutputTopic(PayrollTopology.DEPARTMENT_PAYROLL_TOPIC,
              Serdes.String().deserializer(), Serdes.Long().deserializer())
              .readKeyValuesToMap()),
          new TreeMap<>(driver.createOutputTopic(PayrollTopology.DEPARTMENT_BONUSES_TOPIC,
              Serdes.String().deserializer(), Serdes.Long().deserializer())
              .readKeyValuesToMap()));
      assertEquals(PayrollTotals.fold(input), actual);
    }
  }
}
